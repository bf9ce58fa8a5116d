// SPDX-License-Identifier: GPL-2.0
//
// Errors are values in the core: no exceptions exist here (-fno-exceptions),
// and the glue turns an Error into -errno and extack text at the boundary.
#ifndef CPULAB_CORE_RESULT_H
#define CPULAB_CORE_RESULT_H

#include "cpulab_core.h"

namespace cpulab {

enum class Error : int {
	none = CPULAB_CORE_OK,
	cpu_out_of_range = CPULAB_CORE_ERR_CPU_OUT_OF_RANGE,
	cpu_not_possible = CPULAB_CORE_ERR_CPU_NOT_POSSIBLE,
	cpu_unreachable = CPULAB_CORE_ERR_CPU_UNREACHABLE,
};

constexpr cpulab_core_error to_abi(Error error)
{
	return static_cast<cpulab_core_error>(error);
}

// A value or the Error that prevented it. T must be default-constructible
// and trivially copyable: the core only passes plain records around.
template <typename T>
class [[nodiscard]] Result {
public:
	constexpr Result(const T &value) : value_(value), error_(Error::none) {}
	constexpr Result(Error error) : value_{}, error_(error) {}

	constexpr bool ok() const { return error_ == Error::none; }
	constexpr Error error() const { return error_; }
	constexpr const T &value() const { return value_; }

private:
	T value_;
	Error error_;
};

} // namespace cpulab

#endif // CPULAB_CORE_RESULT_H

// SPDX-License-Identifier: GPL-2.0
//
// Paired hardware state: a step that must be undone if a later step fails.
// Guards unwind in reverse order of construction, so an enable sequence
// written top to bottom unwinds bottom to top without a goto ladder.
#ifndef CPULAB_CORE_UNDO_GUARD_H
#define CPULAB_CORE_UNDO_GUARD_H

namespace cpulab {

template <typename Undo>
class [[nodiscard]] UndoGuard {
public:
	explicit UndoGuard(Undo undo) : undo_(undo) {}
	~UndoGuard()
	{
		if (!committed_)
			undo_();
	}
	UndoGuard(const UndoGuard &) = delete;
	UndoGuard &operator=(const UndoGuard &) = delete;

	void commit() { committed_ = true; }

private:
	Undo undo_;
	bool committed_ = false;
};

} // namespace cpulab

#endif // CPULAB_CORE_UNDO_GUARD_H

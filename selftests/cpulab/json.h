/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small strict JSON (RFC 8259) parser, enough to check the CLI's --json
 * output from C without trusting the CLI's own writer.
 */
#ifndef CPULAB_SELFTEST_JSON_H
#define CPULAB_SELFTEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	bool boolean;
	double number;
	char *string;			/* JSON_STRING */
	size_t count;			/* JSON_ARRAY, JSON_OBJECT */
	struct json_value *items;	/* JSON_ARRAY, JSON_OBJECT */
	char **keys;			/* JSON_OBJECT */
};

/* NULL if @text is not exactly one valid JSON value (whitespace around). */
struct json_value *json_parse(const char *text);
void json_free(struct json_value *value);

/* Member @key of an object, or NULL. */
const struct json_value *json_get(const struct json_value *object, const char *key);

#endif /* CPULAB_SELFTEST_JSON_H */

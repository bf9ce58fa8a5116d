// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
	const char *cursor;
	int depth;
};

static bool parse_value(struct parser *p, struct json_value *out);
static void json_release(struct json_value *value);

static void skip_space(struct parser *p)
{
	while (*p->cursor == ' ' || *p->cursor == '\t' || *p->cursor == '\n' || *p->cursor == '\r')
		p->cursor++;
}

static bool literal(struct parser *p, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(p->cursor, word, len))
		return false;
	p->cursor += len;
	return true;
}

/* Strings: escapes are validated; \u escapes are kept only for ASCII. */
static bool parse_string(struct parser *p, char **out)
{
	size_t cap = 16, len = 0;
	char *text;

	if (*p->cursor != '"')
		return false;
	p->cursor++;
	text = malloc(cap);
	if (!text)
		return false;
	for (;;) {
		char c = *p->cursor++;

		if (c == '"')
			break;
		if ((unsigned char)c < 0x20)
			goto fail;
		if (c == '\\') {
			char e = *p->cursor++;

			switch (e) {
			case '"': case '\\': case '/': c = e; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				unsigned int code = 0;

				for (int i = 0; i < 4; i++) {
					char h = *p->cursor++;

					if (!isxdigit((unsigned char)h))
						goto fail;
					code = code * 16 + (isdigit((unsigned char)h) ? h - '0'
							    : (tolower((unsigned char)h) - 'a' + 10));
				}
				c = code < 0x80 ? (char)code : '?';
				break;
			}
			default:
				goto fail;
			}
		}
		if (len + 2 > cap) {
			char *grown = realloc(text, cap *= 2);

			if (!grown)
				goto fail;
			text = grown;
		}
		text[len++] = c;
	}
	text[len] = '\0';
	*out = text;
	return true;
fail:
	free(text);
	return false;
}

static bool parse_number(struct parser *p, double *out)
{
	const char *start = p->cursor;
	char *end;

	if (*p->cursor == '-')
		p->cursor++;
	if (*p->cursor == '0') {
		p->cursor++;
	} else if (isdigit((unsigned char)*p->cursor)) {
		while (isdigit((unsigned char)*p->cursor))
			p->cursor++;
	} else {
		return false;
	}
	if (*p->cursor == '.') {
		p->cursor++;
		if (!isdigit((unsigned char)*p->cursor))
			return false;
		while (isdigit((unsigned char)*p->cursor))
			p->cursor++;
	}
	if (*p->cursor == 'e' || *p->cursor == 'E') {
		p->cursor++;
		if (*p->cursor == '+' || *p->cursor == '-')
			p->cursor++;
		if (!isdigit((unsigned char)*p->cursor))
			return false;
		while (isdigit((unsigned char)*p->cursor))
			p->cursor++;
	}
	*out = strtod(start, &end);
	return end == p->cursor;
}

static bool append_item(struct json_value *container, struct json_value *item, char *key)
{
	struct json_value *items = realloc(container->items, (container->count + 1) * sizeof(*items));

	if (!items)
		return false;
	container->items = items;
	if (container->type == JSON_OBJECT) {
		char **keys = realloc(container->keys, (container->count + 1) * sizeof(*keys));

		if (!keys)
			return false;
		container->keys = keys;
		keys[container->count] = key;
	}
	items[container->count++] = *item;
	return true;
}

static bool parse_container(struct parser *p, struct json_value *out, bool object)
{
	char close = object ? '}' : ']';

	out->type = object ? JSON_OBJECT : JSON_ARRAY;
	if (++p->depth > JSON_MAX_DEPTH)
		return false;
	p->cursor++;
	skip_space(p);
	if (*p->cursor == close) {
		p->cursor++;
		p->depth--;
		return true;
	}
	for (;;) {
		struct json_value item = { 0 };
		char *key = NULL;

		skip_space(p);
		if (object) {
			if (!parse_string(p, &key))
				return false;
			skip_space(p);
			if (*p->cursor++ != ':') {
				free(key);
				return false;
			}
		}
		if (!parse_value(p, &item) || !append_item(out, &item, key)) {
			free(key);
			json_release(&item);
			return false;
		}
		skip_space(p);
		if (*p->cursor == ',') {
			p->cursor++;
			continue;
		}
		if (*p->cursor++ != close)
			return false;
		p->depth--;
		return true;
	}
}

static bool parse_value(struct parser *p, struct json_value *out)
{
	memset(out, 0, sizeof(*out));
	skip_space(p);
	switch (*p->cursor) {
	case '{':
		return parse_container(p, out, true);
	case '[':
		return parse_container(p, out, false);
	case '"':
		out->type = JSON_STRING;
		return parse_string(p, &out->string);
	case 't':
		out->type = JSON_BOOL;
		out->boolean = true;
		return literal(p, "true");
	case 'f':
		out->type = JSON_BOOL;
		return literal(p, "false");
	case 'n':
		out->type = JSON_NULL;
		return literal(p, "null");
	default:
		out->type = JSON_NUMBER;
		return parse_number(p, &out->number);
	}
}

/* Frees what @value owns, not @value itself. */
static void json_release(struct json_value *value)
{
	for (size_t i = 0; i < value->count; i++) {
		json_release(&value->items[i]);
		if (value->keys)
			free(value->keys[i]);
	}
	free(value->items);
	free(value->keys);
	free(value->string);
	memset(value, 0, sizeof(*value));
}

struct json_value *json_parse(const char *text)
{
	struct parser p = { .cursor = text };
	struct json_value *value = calloc(1, sizeof(*value));

	if (!value)
		return NULL;
	if (!parse_value(&p, value)) {
		json_free(value);
		return NULL;
	}
	skip_space(&p);
	if (*p.cursor) {
		json_free(value);
		return NULL;
	}
	return value;
}

void json_free(struct json_value *value)
{
	if (!value)
		return;
	json_release(value);
	free(value);
}

const struct json_value *json_get(const struct json_value *object, const char *key)
{
	if (!object || object->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < object->count; i++)
		if (!strcmp(object->keys[i], key))
			return &object->items[i];
	return NULL;
}

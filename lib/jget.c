/* jget.c: tolerant readers for upstream JSON. */
#include <math.h>

#include "jget.h"
#include "mr.h"

const char *
mr_jstr(const json_t *obj, const char *key)
{
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

double
mr_jnum(const json_t *obj, const char *key, int *present)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (present)
		*present = json_is_number(v);
	return json_is_number(v) ? json_number_value(v) : 0.0;
}

long
mr_jlong(const json_t *obj, const char *key, long dflt)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	double d;

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (d == floor(d) && fabs(d) < 9e15)
			return (long)d;
	}
	return dflt;
}

json_t *
mr_jarr(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

json_t *
mr_jobj(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_object(v) ? v : NULL;
}

json_t *
mr_jparse(const char *body, size_t len)
{
	if (body == NULL)
		return NULL;
	return json_loadb(body, len, JSON_DECODE_ANY, NULL);
}

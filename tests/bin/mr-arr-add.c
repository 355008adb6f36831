/*
 * mr-arr-add: test driver for lib/arr (not installed).  Adds one item by
 * its id to the *arr service of config section -s (sonarr, radarr,
 * lidarr, or an instance "sonarr:anime") and prints the result as one
 * JSON line (mr_arr_result_json).  --check runs the installation check
 * instead and prints {"ok":true,"app","version","major"}.
 * Exit: 0 added/already present/would add, 1 failed permanently, 2 usage,
 * 3 configuration or authentication, 4 transient.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arr.h"
#include "config.h"
#include "http.h"
#include "mr.h"

enum {
	OPT_ALBUM = 256, OPT_ANIME, OPT_ATTEMPTS, OPT_CHECK, OPT_SEASON,
	OPT_BY, OPT_TITLE,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "section", required_argument, NULL, 's' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ "album", required_argument, NULL, OPT_ALBUM },
	{ "anime", no_argument, NULL, OPT_ANIME },
	{ "attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "season", required_argument, NULL, OPT_SEASON },
	{ "requested-by", required_argument, NULL, OPT_BY },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: mr-arr-add -c config -s section [-n] "
	    "[--season N]... [--album RG]\n"
	    "                  [--anime] [--requested-by NAME] "
	    "[--attempts N] [ID]\n"
	    "       mr-arr-add -c config -s section --check\n");
}

static int
exit_of(enum mr_arr_outcome o)
{
	switch (o) {
	case MR_ARR_ADDED:
	case MR_ARR_ALREADY_PRESENT:
	case MR_ARR_WOULD_ADD:
		return 0;
	case MR_ARR_FAILED_PERMANENT:
		return 1;
	case MR_ARR_AUTH:
	case MR_ARR_CONFIG:
		return 3;
	case MR_ARR_TRANSIENT:
		return 4;
	}
	return 1;
}

static void
emit(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	if (s != NULL)
		printf("%s\n", s);
	free(s);
	json_decref(j);
}

int
main(int argc, char **argv)
{
	struct mr_arr_add_req req;
	struct mr_arr_result res;
	struct mr_arr_status st;
	struct mr_http_opts hopts;
	struct mr_config *cfg = NULL;
	struct mr_http *http = NULL;
	struct mr_arr *arr = NULL;
	struct mr_err e;
	const char *conf = NULL, *section = NULL;
	long n, attempts = 2;
	int ch, check = 0, status = 0;
	enum mr_rc rc;

	memset(&req, 0, sizeof(req));
	while ((ch = getopt_long(argc, argv, "c:s:nh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 's':
			section = optarg;
			break;
		case 'n':
			req.dry_run = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_ALBUM:
			req.album_id = optarg;
			break;
		case OPT_ANIME:
			req.is_anime = 1;
			break;
		case OPT_ATTEMPTS:
			if (mr_parse_long(optarg, 1, 10, &attempts) != 0)
				errx(2, "bad --attempts: %s", optarg);
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_SEASON:
			if (mr_parse_long(optarg, 0, 1000, &n) != 0 ||
			    req.nseasons >= MR_ARR_MAX_SEASONS)
				errx(2, "bad --season: %s", optarg);
			req.seasons[req.nseasons++] = (int)n;
			break;
		case OPT_BY:
			req.requested_by = optarg;
			break;
		case OPT_TITLE:
			req.title = optarg;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (section == NULL || (!check && argc != 1 && req.album_id == NULL) ||
	    argc > 1) {
		usage(stderr);
		return 2;
	}
	if (argc == 1)
		req.external_id = argv[0];

	mr_err_clear(&e);
	if (mr_config_load(conf, &cfg, &e) != MR_OK)
		errx(3, "config: %s", e.msg);
	memset(&hopts, 0, sizeof(hopts));
	hopts.timeout_ms = mr_config_long(cfg, "http", "timeout", 20) * 1000;
	hopts.connect_timeout_ms = mr_config_long(cfg, "http",
	    "connect_timeout", 5) * 1000;
	hopts.ca_file = mr_config_str(cfg, "http", "ca_file");
	hopts.max_attempts = (int)attempts;
	hopts.backoff_ms = 50;
	hopts.max_backoff_ms = 200;
	http = mr_http_new(&hopts);
	if (mr_arr_new(cfg, section, http, &arr, &e) != MR_OK) {
		warnx("%s", e.msg);
		status = 3;
		goto out;
	}
	if (check) {
		rc = mr_arr_check(arr, &e);
		if (rc == MR_OK)
			rc = mr_arr_status(arr, &st, &e);
		if (rc != MR_OK) {
			warnx("%s", e.msg);
			emit(json_pack("{s:b,s:s,s:s}", "ok", 0, "code", e.code,
			    "message", e.msg));
			status = mr_rc_exit(rc);
			goto out;
		}
		emit(json_pack("{s:b,s:s,s:s,s:i}", "ok", 1, "app",
		    st.app_name, "version", st.version, "major", st.major));
		goto out;
	}
	rc = mr_arr_add(arr, &req, &res, &e);
	if (rc != MR_OK)
		warnx("%s: %s", e.code, e.msg);
	emit(mr_arr_result_json(arr, &res));
	status = exit_of(res.outcome);
out:
	mr_arr_free(arr);
	mr_http_free(http);
	mr_config_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout))
		status = 5;
	return status;
}

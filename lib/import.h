/*
 * import.h: bring the prototype's requests along (issue 9).  Reads the
 * prototype's SQLite database (shared/reference/prototype.md section 3:
 * requests with user_id -> users.username, last_status_update,
 * arr_service, external_id, confidence_score, classification_data) and
 * stores every row as one request of ours:
 *
 *   SentToRadarr|SentToSonarr|SentToLidarr  stays sent (service and id
 *                                           kept, sent_at = last change)
 *   anything else (Pending, "Failed (...)", "In Progress")  Pending,
 *                                           unclassified, so that the
 *                                           classifier and the id chains
 *                                           redo it (the prototype stored
 *                                           TMDb ids where TVDB ids were
 *                                           needed)
 *
 * Each imported request has origin "import:<prototype id>" and one event
 * "import" (old_status the prototype's status) whose detail keeps the
 * prototype's row.  A row whose id was imported before is skipped, so
 * importing twice adds nothing.
 */
#ifndef MR_IMPORT_H
#define MR_IMPORT_H

#include <stddef.h>

#include <jansson.h>

#include "mr.h"

struct mr_db;

struct mr_import_stats {
	size_t rows;		/* rows read from the prototype */
	size_t imported;	/* stored (or, dry run, would be) */
	size_t pending;		/* of those: Pending */
	size_t sent;		/* of those: SentTo* */
	size_t skipped;		/* imported before */
	size_t invalid;		/* no usable title */
};

/*
 * Import the prototype database at path (opened read-only, never
 * changed) into db in one transaction; actor names who acts in the
 * events.  *records (may be NULL) gets a new array of the request
 * records stored, each with "prototype_id"; with dry_run nothing is kept
 * and the records carry "id": null, "dry_run": true.  *stats is always
 * filled.  Errors: MR_ENOTFOUND when path cannot be opened, MR_EINVAL
 * when it holds no prototype requests table, MR_EBUSY, MR_EDB.
 */
enum mr_rc mr_import_prototype(struct mr_db *db, const char *path,
    const char *actor, int dry_run, json_t **records,
    struct mr_import_stats *stats, struct mr_err *err);

/*
 * Pure: our status for a prototype status: "SentToRadarr",
 * "SentToSonarr", "SentToLidarr" (any case) stay; everything else is
 * "Pending".
 */
const char *mr_import_status(const char *proto_status);

/* Pure: media_type for a prototype media_type ("Movie", "TV Show",
 * "series", "album"...), or NULL when unknown. */
const char *mr_import_media_type(const char *proto_type);

#endif

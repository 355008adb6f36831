-- 0001: the request store (prototype's column names, DESIGN.md 3.5 and
-- 7.2), the audit trail, the HTTP cache and the shared rate-limit state.

CREATE TABLE requests (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	title TEXT NOT NULL,
	title_norm TEXT NOT NULL DEFAULT '',
	requested_by TEXT,
	priority TEXT NOT NULL DEFAULT 'Medium'
	    CHECK (priority IN ('Low', 'Medium', 'High')),
	status TEXT NOT NULL DEFAULT 'Pending'
	    CHECK (status IN ('Pending', 'NeedsReview', 'NoMatch',
	        'SentToRadarr', 'SentToSonarr', 'SentToLidarr', 'Failed',
	        'Cancelled')),
	requested_at TEXT NOT NULL DEFAULT (datetime('now')),
	updated_at TEXT NOT NULL DEFAULT (datetime('now')),
	media_type TEXT CHECK (media_type IN ('movie', 'tv', 'music')),
	arr_service TEXT CHECK (arr_service IN ('radarr', 'sonarr', 'lidarr')),
	arr_instance TEXT,
	external_id TEXT,
	confidence_score REAL,
	classification_data TEXT,
	forced_type TEXT,
	forced_service TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT,
	last_error TEXT,
	lease_owner TEXT,
	lease_pid INTEGER,
	lease_host TEXT,
	lease_expires_at TEXT,
	sent_at TEXT,
	origin TEXT
);
CREATE INDEX requests_status ON requests (status, next_attempt_at);
CREATE INDEX requests_title_norm ON requests (title_norm);
CREATE INDEX requests_target ON requests (arr_service, external_id);
CREATE INDEX requests_requested_at ON requests (requested_at);

-- Append-only audit trail: every transition, and upstream outcomes
-- (request_id NULL, event 'upstream').
CREATE TABLE events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	request_id INTEGER REFERENCES requests (id) ON DELETE CASCADE,
	at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
	actor TEXT,
	event TEXT NOT NULL,
	old_status TEXT,
	new_status TEXT,
	detail TEXT
);
CREATE INDEX events_request ON events (request_id);
CREATE INDEX events_at ON events (at);

CREATE TABLE http_cache (
	key TEXT PRIMARY KEY,
	status INTEGER NOT NULL,
	body BLOB,
	stored_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX http_cache_expires ON http_cache (expires_at);

-- Theoretical arrival time (unix seconds) of the next request per bucket.
CREATE TABLE ratelimit (
	key TEXT PRIMARY KEY,
	tat REAL NOT NULL
);

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT
);

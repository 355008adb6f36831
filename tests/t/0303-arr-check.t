#!/bin/sh
# lib/arr installation check and versions: system/status appName and
# version, Sonarr v3 vs v4 bodies, unknown profiles, wrong URLs, a service
# that is down, and a library that survives a restart of the service.
. "$(dirname "$0")/lib.sh"

have_tool mr-arr-add || { echo "1..0 # skip mr-arr-add not built"; exit 0; }
fake_start sonarr,radarr,lidarr --opt sonarr_version=3
write_config

run() {
	mr-arr-add -c "$CONF" "$@" > "$T/out" 2> "$T/err"
	rc=$?
}
out() { jq -r "$1" "$T/out"; }
last_post() { fake_requests sonarr | jq -c 'select(.method == "POST")' |
    tail -n 1 | jq -r .body; }

for s in sonarr radarr lidarr; do
	run -s "$s" --check
	is "$rc" 0 "$s check: exit 0"
	is "$(out .ok)" true "$s check: ok"
done
fake_reset
run -s sonarr --check
is "$(out '[.app, .major] | @csv')" '"Sonarr",3' "sonarr v3 detected"
is "$(fake_requests sonarr | jq -r .path | sort | tr '\n' ' ')" \
    "/sonarr/api/v3/languageprofile /sonarr/api/v3/qualityprofile /sonarr/api/v3/rootfolder /sonarr/api/v3/system/status " \
    "check: status, folders and profiles only"

# The v3 app: a real language profile, no monitorNewItems.
write_config "[sonarr]
language_profile = Japanese"
run -s sonarr 81189
is "$rc" 0 "v3 add: exit 0"
is "$(last_post | jq -c '[.languageProfileId, has("monitorNewItems"),
    .addOptions.monitor]')" '[2,false,"all"]' \
    "v3 add: language profile by name, no monitorNewItems"

write_config "[sonarr]
quality_profile = Nope"
run -s sonarr 121361
is "$rc" 3 "unknown quality profile: exit 3"
is "$(out .outcome)" config "unknown quality profile: outcome config"
like "$(cat "$T/err")" "quality_profile 'Nope' does not exist \\(have: Any \\(1\\), SD \\(2\\)" \
    "unknown quality profile: clear message on stderr"
run -s sonarr --check
is "$rc" 3 "unknown quality profile: check exit 3"

# A URL that leads to no *arr API.
write_config
sed -i "s|^url = $FAKE_URL/lidarr|url = $FAKE_URL/nosuch|" "$CONF"
run -s lidarr --check
is "$rc" 3 "404 url: exit 3"
like "$(out .message)" "does not lead to the Lidarr API" "404 url: message"

# Service down: transient.
write_config
sed -i "s|^url = $FAKE_URL/radarr|url = http://127.0.0.1:1/radarr|" "$CONF"
run -s radarr --attempts 1 293660
is "$rc" 4 "connection refused: exit 4"
is "$(out .outcome)" transient "connection refused: transient"

# An old Radarr without appName is accepted.
fake_stop
fake_start sonarr,radarr,lidarr --opt radarr_old_status=1
write_config
run -s radarr --check
is "$rc" 0 "old radarr without appName: accepted"

# Sonarr v4 is the default; the library persists across a restart.
run -s sonarr --check
is "$(out .major)" 4 "sonarr v4 detected"
run -s sonarr 81189
is "$(out .outcome)" already_present "library kept across a restart"
fake_restart
run -s sonarr 81189
is "$(out .outcome)" already_present "and across another one"

# An instance section takes its kind from the name.
write_config "[sonarr:anime]
root_folder = /anime"
run -s sonarr:anime 900101
is "$rc" 0 "instance: exit 0"
is "$(out .section)" sonarr:anime "instance: section reported"
is "$(fake_requests sonarr | jq -c 'select(.method == "POST")' |
    tail -n 1 | jq -r '.body | fromjson | .rootFolderPath')" /anime \
    "instance: its own root folder"

done_testing

"""What the Sonarr, Radarr and Lidarr fakes share (tests only).

Behaviour modelled on the real apps (shared/reference/api-shapes.md 4-7):
the API key is read from the first apikey= query value (any case), else
X-Api-Key, else Authorization with "Bearer " removed; a wrong or missing
key is a 401 with an empty body.  Paths are case-insensitive.  POST/PUT
bodies need a JSON Content-Type (415 otherwise), must parse (400 problem
details otherwise) and have the right JSON types.  Validation failures
are 400 arrays of FluentValidation items.  Libraries live in ctx.state
[<service>] and are saved after each change (ctx.save()), so they survive
a restart of the fake with the same --state file.

Options (--opt): <service>_key=KEY (the accepted key),
<service>_roots=/a,/b (root folders).
"""

import copy
import json
import os
import re
import uuid

GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                     r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

PROBLEM_400 = "https://tools.ietf.org/html/rfc7231#section-6.5.1"
PROBLEM_415 = "https://tools.ietf.org/html/rfc7231#section-6.5.13"


def vfail(prop, msg, value=None, code="PredicateValidator", display=None):
    """One FluentValidation failure item, in the apps' shape."""
    item = {"propertyName": prop, "errorMessage": msg, "severity": "error",
            "errorCode": code, "formattedMessageArguments": [],
            "formattedMessagePlaceholderValues": {
                "propertyName": display or prop, "propertyValue": value}}
    if value is not None:
        item["attemptedValue"] = value
    return item


def problem(errors, status=400):
    body = {"type": PROBLEM_400, "title": "One or more validation errors "
            "occurred.", "status": status, "errors": errors,
            "traceId": "00-fake-00"}
    return 400, body, {"Content-Type": "application/problem+json"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def norm(s):
    return re.sub(r"[^a-z0-9 ]", " ", (s or "").lower()).split()


class ArrFake:
    """Base: auth, content types, body binding, state, common endpoints."""

    service = None          # "sonarr"
    app_name = None         # "Sonarr"
    api = None              # "/api/v3"
    default_key = None
    default_roots = []
    # JSON types checked on POST/PUT bodies: name -> "int"|"bool"|"str"|
    # "list"|"obj"|tuple of allowed enum values (any case).
    body_types = {}
    json_only = set()       # POST paths with [Consumes("application/json")]

    def __init__(self, ctx):
        self.ctx = ctx
        self.key = ctx.opts.get(self.service + "_key", self.default_key)
        roots = ctx.opts.get(self.service + "_roots")
        self.roots = roots.split(",") if roots else list(self.default_roots)
        # Keyed by the mount name: a second instance has its own library.
        self.st = ctx.state.setdefault(getattr(ctx, "service", None) or
                                       self.service, {})
        self.st.setdefault("next_id", 1)
        self.st.setdefault("tags", [])

    # ---- helpers -----------------------------------------------------

    def fixture(self, name):
        return self.ctx.fixture(self.service, name)

    def fixture_dir(self):
        return os.path.join(self.ctx.fixtures, self.service)

    def new_id(self):
        n = self.st["next_id"]
        self.st["next_id"] = n + 1
        return n

    def save(self):
        self.ctx.save()

    def authorised(self, req):
        for name, vals in req.query.items():
            if name.lower() == "apikey":
                return vals[0] == self.key
        for name in req.headers.keys():
            if name.lower() == "x-api-key":
                return req.headers[name] == self.key
        auth = req.headers.get("Authorization")
        if auth is not None:
            if auth.startswith("Bearer "):
                auth = auth[len("Bearer "):]
            return auth == self.key
        return False

    def content_type_error(self, req, path):
        """None, or the answer for a body without a JSON Content-Type."""
        ct = req.headers.get("Content-Type")
        if ct is None:
            return 415, {"type": PROBLEM_415,
                         "title": "Unsupported Media Type", "status": 415,
                         "traceId": "00-fake-00"}
        media, _, params = ct.partition(";")
        media = media.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([^\";]+)", params, re.I)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8",
                                                        "utf-16"):
            return 415, {"type": PROBLEM_415,
                         "title": "Unsupported Media Type", "status": 415,
                         "traceId": "00-fake-00"}
        ok = media == "application/json" or (
            media.startswith("application/") and media.endswith("+json"))
        if path in self.json_only:
            return None if ok else (415, b"")
        if ok or media == "text/json":
            return None
        return 415, {"type": PROBLEM_415, "title": "Unsupported Media Type",
                     "status": 415, "traceId": "00-fake-00"}

    def bind(self, req, types=None):
        """(body, None) or (None, answer) as ASP.NET's binding gives."""
        if not req.body:
            return None, problem({"": ["A non-empty request body is "
                                       "required."]})
        try:
            body = json.loads(req.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            return None, problem({"$": ["'%s' is invalid JSON." % exc]})
        err = self.check_types(body, types or self.body_types, "$")
        if err:
            return None, problem({err[0]: [err[1]]})
        return body, None

    def check_types(self, obj, types, where):
        if not isinstance(obj, dict):
            return where, "The JSON value could not be converted."
        lower = {k.lower(): k for k in obj}
        for name, t in types.items():
            key = lower.get(name.lower())
            if key is None:
                continue
            v = obj[key]
            path = "%s.%s" % (where, name)
            bad = False
            if t == "int":
                bad = not is_int(v)
            elif t == "bool":
                bad = not isinstance(v, bool)
            elif t == "str":
                bad = v is not None and not isinstance(v, str)
            elif t == "list":
                bad = v is not None and not isinstance(v, list)
            elif t == "obj":
                bad = v is not None and not isinstance(v, dict)
            elif isinstance(t, tuple):
                bad = not ((isinstance(v, str) and v.lower() in
                            [e.lower() for e in t]) or is_int(v))
            elif isinstance(t, dict):
                if v is not None:
                    e = self.check_types(v, t, path)
                    if e:
                        return e
            if bad:
                return path, ("The JSON value could not be converted. "
                              "Path: %s" % path)
        return None

    @staticmethod
    def get(obj, name, default=None):
        for k, v in obj.items():
            if k.lower() == name.lower():
                return v
        return default

    def profile_ids(self, name):
        return [p["id"] for p in self.fixture(name)]

    def root_list(self):
        tmpl = self.root_template()
        out = []
        for i, path in enumerate(self.roots):
            item = copy.deepcopy(tmpl)
            item["path"] = path
            if "name" in item:
                item["name"] = path
            item["id"] = i + 1
            out.append(item)
        return out

    def root_template(self):
        return {"path": "", "freeSpace": 1, "totalSpace": 2,
                "unmappedFolders": [], "id": 0}

    def root_exists(self, path):
        if not isinstance(path, str) or not path:
            return False
        want = path.rstrip("/") or "/"
        return any((r.rstrip("/") or "/") == want for r in self.roots)

    def common_checks(self, body, fails):
        qp = self.get(body, "qualityProfileId", 0)
        if not qp or qp <= 0:
            fails.append(vfail("QualityProfileId", "'Quality Profile Id' "
                               "must be greater than '0'.", qp,
                               "GreaterThanValidator", "Quality Profile Id"))
        elif qp not in self.profile_ids(self.quality_fixture()):
            fails.append(vfail("QualityProfileId", "Quality Profile does "
                               "not exist", qp, "QualityProfileExists"
                               "Validator", "Quality Profile Id"))
        root = self.get(body, "rootFolderPath")
        path = self.get(body, "path")
        if not root and not path:
            fails.append(vfail("RootFolderPath", "'Root Folder Path' must "
                               "not be empty.", None, "NotEmptyValidator",
                               "Root Folder Path"))
        elif root and not self.root_exists(root):
            fails.append(vfail("RootFolderPath", "Root folder '%s' does not "
                               "exist" % root, root,
                               "RootFolderExistsValidator",
                               "Root Folder Path"))

    def quality_fixture(self):
        return "qualityprofile.json"

    # ---- dispatch ----------------------------------------------------

    def handle(self, req):
        path = req.path.rstrip("/")
        low = path.lower()
        if not low.startswith(self.api + "/"):
            return 404, "<html>not found</html>", {"Content-Type":
                                                   "text/html"}
        if not self.authorised(req):
            return 401, b""
        sub = low[len(self.api) + 1:]
        if req.method in ("POST", "PUT"):
            err = self.content_type_error(req, sub)
            if err:
                return err
        return self.route(req, sub)

    def route(self, req, sub):
        if sub == "system/status" and req.method == "GET":
            return 200, self.status()
        if sub == "rootfolder" and req.method == "GET":
            return 200, self.root_list()
        if sub == "qualityprofile" and req.method == "GET":
            return 200, self.fixture(self.quality_fixture())
        if sub == "tag":
            return self.tag(req)
        if sub == "command" and req.method == "POST":
            body, err = self.bind(req, {"name": "str"})
            if err:
                return err
            cmds = self.st.setdefault("commands", [])
            cmd = {"id": len(cmds) + 1, "name": self.get(body, "name"),
                   "commandName": self.get(body, "name"), "body": body,
                   "status": "queued", "queued": "2026-11-25T12:00:00Z"}
            cmds.append(cmd)
            self.save()
            return 201, cmd
        return 404, {"message": "NotFound"}

    def status(self):
        return self.fixture("system_status.json")

    def tag(self, req):
        if req.method == "GET":
            return 200, self.st["tags"]
        if req.method != "POST":
            return 405, b""
        body, err = self.bind(req, {"label": "str", "id": "int"})
        if err:
            return err
        label = (self.get(body, "label") or "").strip().lower()
        if not re.match(r"^[a-z0-9-]+$", label):
            return 400, [vfail("Label", "Allowed characters a-z, 0-9 and "
                               "-", label)]
        for t in self.st["tags"]:
            if t["label"] == label:
                return 201, t
        t = {"label": label, "id": len(self.st["tags"]) + 1}
        self.st["tags"].append(t)
        self.save()
        return 201, t

    def int_query(self, req, name):
        """(value or None, error answer or None) for ?name=int."""
        v = None
        for k, vals in req.query.items():
            if k.lower() == name.lower():
                v = vals[0]
        if v is None:
            return None, None
        if not re.match(r"^-?[0-9]+$", v.strip()):
            return None, problem({name: ["The value '%s' is not valid."
                                         % v]})
        return int(v), None


def new_guid():
    return str(uuid.uuid4())

-- Prosody 0.12 (Debian package) config for xmpp-chat development and tests.
-- Loopback only, no TLS, no s2s. Everything it needs is in Prosody core (no prosody-modules).
--
-- Do not start this by hand; use scripts/prosody.sh (it sets the env and waits until the port answers).
-- The env is read when the config is loaded, and prosodyctl needs the SAME env to find the data dir:
--   XMPP_CHAT_PROSODY_DIR   data/, certs/, prosody.pid, prosody.log   (default: <repo>/.prosody)
--   XMPP_CHAT_HTTP_PORT     HTTP: WebSocket /xmpp-websocket, BOSH /http-bind, file share (default 5280)
--   XMPP_CHAT_C2S_PORT      plain XMPP client port (default 5222)
--   XMPP_CHAT_PROSODY_LOGLEVEL  debug|info|warn|error (default info)
--
-- Hosts:
--   localhost             normal accounts (in-band registration from loopback, no throttle)
--   anon.localhost        SASL ANONYMOUS
--   visitors.localhost    support desk visitors: accounts the widget registers in-band (XEP-0077)
--   legacy.localhost      bookmarks in private XML storage only (XEP-0048), for the fallback's tests
--   conference.localhost  MUC (XEP-0045) with MAM
--   upload.localhost      HTTP file share (XEP-0363); URLs are http://localhost:<port>/file_share/...

local here = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")) or "."
local dir = os.getenv("XMPP_CHAT_PROSODY_DIR") or (here .. "/../.prosody")
local http_port = tonumber(os.getenv("XMPP_CHAT_HTTP_PORT") or "5280")
local c2s_port  = tonumber(os.getenv("XMPP_CHAT_C2S_PORT") or "5222")

-- As root (CI containers) mod_posix otherwise refuses to run and stays half-started with ports open.
run_as_root = true
data_path   = dir .. "/data"
pidfile     = dir .. "/prosody.pid"
certificates = dir .. "/certs"   -- unused (no TLS), but certmanager logs an error if it is missing
log = {
  { levels = { min = os.getenv("XMPP_CHAT_PROSODY_LOGLEVEL") or "info" }, to = "file", filename = dir .. "/prosody.log" };
}

admins = { "admin@localhost" }

-- ---- Network: loopback only -------------------------------------------------------------------
-- ::1 too, because "localhost" may resolve to either address in the browser.
interfaces           = { "127.0.0.1", "::1" }
c2s_interfaces       = { "127.0.0.1", "::1" }
c2s_ports            = { c2s_port }
c2s_direct_tls_ports = { }
http_interfaces      = { "127.0.0.1", "::1" }
http_ports           = { http_port }
https_interfaces     = { }
https_ports          = { }
s2s_ports            = { }
http_default_host    = "localhost"
http_external_url    = "http://localhost:" .. http_port .. "/"

-- ---- Loopback dev/test: no encryption required ------------------------------------------------
c2s_require_encryption       = false
s2s_require_encryption       = false
allow_unencrypted_plain_auth = true
consider_websocket_secure    = true
consider_bosh_secure         = true

-- CORS: on by default in 0.12 (cross_domain_websocket/bosh are deprecated). Responses echo the
-- page's Origin, so pages on other localhost ports (vite :5173, wtr :8000, ...) may use BOSH and
-- the file share (whose PUT preflight allows Authorization and Content-Type). WebSocket has no
-- Origin check.
http_default_cors_enabled = true

authentication = "internal_hashed"   -- SCRAM-SHA-1 + PLAIN (browsers use PLAIN with xmpp.js)
storage        = "internal"          -- flat files under data_path

-- ---- In-band registration (XEP-0077): loopback only, no throttle ------------------------------
allow_registration               = true
registration_allowlist           = { "127.0.0.1", "::1" }
allowlist_registration_only      = true
-- No throttle: min_seconds_between_registrations / registration_throttle_max are left unset, and
-- allowlisted addresses bypass the throttle anyway (tests register many users quickly).

-- ---- Stream management, MAM, MUC archive ------------------------------------------------------
smacks_hibernation_time   = 60
default_archive_policy    = true
archive_expires_after     = "1d"
max_archive_query_results = 100
muc_log_by_default        = true
muc_log_all_rooms         = true

modules_enabled = {
  -- core
  "disco"; "roster"; "saslauth"; "register"; "ping"; "time"; "uptime"; "version";
  -- roster versioning is part of mod_roster (advertised as <ver/>)
  "blocklist";        -- XEP-0191
  "carbons";          -- XEP-0280
  "mam";              -- XEP-0313
  "smacks";           -- XEP-0198
  "csi_simple";       -- XEP-0352
  "pep"; "private"; "bookmarks"; -- XEP-0163, bookmarks
  "vcard4"; "vcard_legacy";      -- XEP-0054 vcard-temp + XEP-0292, avatars via PEP
  -- transports
  "http"; "websocket"; "bosh";
  -- process
  "admin_shell"; "posix";
}
modules_disabled = { "s2s"; "tls"; "limits" }

-- The bench (bench/run.mjs, XMPP_CHAT_BENCH=1) fills rooms through a module of its own, with archives of
-- 100,000 messages (Prosody's internal storage keeps 10,000 per archive by default). Global options: before
-- the first host.
local bench = os.getenv("XMPP_CHAT_BENCH") == "1"
if bench then
  plugin_paths               = { here .. "/../bench/prosody" }
  storage_archive_item_limit = 200000
end

VirtualHost "localhost"

-- A support desk's visitors register their own account here from the widget (XEP-0077). Not SASL
-- ANONYMOUS: an anonymous login gets a new address every time, so it can neither resume its stream on
-- the site's next page nor receive the agent's replies the next day. In production, keep the throttle
-- (min_seconds_between_registrations) and delete idle visitor accounts (mod_lastlog + a cron job).
VirtualHost "visitors.localhost"

-- A server that keeps bookmarks only in private XML storage (XEP-0048 through XEP-0049): no mod_bookmarks, so
-- no urn:xmpp:bookmarks:1#compat, which the widget's XEP-0048 fallback is tested against.
VirtualHost "legacy.localhost"
  modules_disabled = { "bookmarks" }

VirtualHost "anon.localhost"
  authentication     = "anonymous"
  allow_registration = false
  modules_disabled   = { "mam"; "register" }

Component "conference.localhost" "muc"
  modules_enabled              = bench and { "muc_mam", "bench_room" } or { "muc_mam" }
  restrict_room_creation       = false
  muc_room_default_persistent  = false
  muc_room_default_public      = true
  max_history_messages         = 50

Component "upload.localhost" "http_file_share"
  -- upload.localhost has no DNS entry (glibc resolves only "localhost"), so serve under localhost.
  http_host                     = "localhost"
  http_external_url             = "http://localhost:" .. http_port .. "/"
  http_file_share_size_limit    = 10*1024*1024
  http_file_share_daily_quota   = 100*1024*1024
  http_file_share_expires_after = 24*60*60

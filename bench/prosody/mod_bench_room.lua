-- Bench only (loaded on the MUC component when XMPP_CHAT_BENCH=1, see scripts/prosody.cfg.lua): fills a room
-- with people and its archive with messages, fast, through Prosody's own MUC and archive code, so that the
-- bench measures the widget and not the seeding.
--
--   <iq type="set" to="conference.localhost">
--     <seed xmlns="urn:xmpp-chat:bench:0" room="big@conference.localhost" occupants="10000" messages="0"/>
--   </iq>
--
-- Occupants are bot00001@localhost/seed … with nicks "Bot 00001" …; they have no session, so what the room
-- sends them goes nowhere (presence to an absent resource is dropped, RFC 6121 §8.5.3.2.1). Messages are
-- archived as the room archives its own (mod_muc_mam), from "Archivist", one second apart, ending now.
local st = require "util.stanza";
local jid_split = require "util.jid".split;

local muc = module:depends "muc";
local occupant_lib = module:require "muc/occupant";
local archive = module:open_store("muc_log", "archive");

local xmlns_bench = "urn:xmpp-chat:bench:0";

module:hook("iq-set/host/" .. xmlns_bench .. ":seed", function(event)
	local stanza, origin = event.stanza, event.origin;
	local seed = stanza.tags[1];
	local room_jid = seed.attr.room;
	local room = muc.get_room_from_jid(room_jid) or muc.create_room(room_jid);
	room:set_persistent(true);
	room:set_public(true);
	if room.unlock then room:unlock(); end
	for i = 1, tonumber(seed.attr.occupants) or 0 do
		local name = ("%05d"):format(i);
		local real = "bot" .. name .. "@localhost/seed";
		local occupant = occupant_lib.new("bot" .. name .. "@localhost", room_jid .. "/Bot " .. name);
		occupant.role = "participant";
		occupant:set_session(real, st.presence({ from = real }), true);
		room:save_occupant(occupant);
	end
	local node = jid_split(room_jid);
	local count = tonumber(seed.attr.messages) or 0;
	local now = os.time();
	for i = 1, count do
		local message = st.message({ type = "groupchat", from = room_jid .. "/Archivist", id = "seed-" .. i })
			:tag("body"):text("Archived message " .. i):up();
		local ok, err = archive:append(node, nil, message, now - count + i, "message<groupchat");
		if not ok then
			origin.send(st.error_reply(stanza, "wait", "resource-constraint", "archive: " .. tostring(err)));
			return true;
		end
	end
	origin.send(st.reply(stanza));
	return true;
end);

"""A contact on another XMPP stack (slixmpp), driven by the tests through scripts/wtr-peer-plugin.mjs.

    /usr/bin/python3 test/peers/peer.py '{"jid": "bob@localhost", "password": "...", "host": "127.0.0.1", "port": 5222}'

Reads one command per line on stdin (JSON), writes one event per line on stdout (JSON):
  commands: {"op": "chat_state", "to": JID, "state": "composing"}   a standalone XEP-0085 notification
            {"op": "message", "to": JID, "body": TEXT, "state": "active"}   a chat message (state optional)
            {"op": "subscribe", "to": JID}
            {"op": "disco_info", "to": FULL_JID, "node": NODE or absent}   XEP-0030, with slixmpp's XEP-0115 hash
            {"op": "join", "room": ROOM, "nick": NICK}   XEP-0045, without history
            {"op": "groupchat", "room": ROOM, "body": TEXT, "stanza_ids": [[BY, ID], ...]}   ids written by us: forged
            {"op": "nick", "room": ROOM, "nick": NICK}   a new nick in the room
            {"op": "flood", "room": ROOM, "prefix": TEXT, "count": N, "every_ms": MS}   PREFIX-1 … PREFIX-N, then
              {"event": "flooded", "room": ROOM}
            {"op": "invite", "to": JID, "room": ROOM, "reason": TEXT}   XEP-0249
            {"op": "quit"}
  events:   {"event": "online"}, {"event": "chat_state", "from": JID, "state": S},
            {"event": "message", "from": JID, "body": TEXT, "state": S or null},
            {"event": "presence", "from": FULL_JID, "caps": {"node", "ver", "hash"} or null},
            {"event": "disco_info", "from": JID, "node": NODE, "identities": [[category, type, lang, name]],
             "features": [...], "ver": slixmpp's verification string of that answer}
            {"event": "joined", "room": ROOM}, {"event": "groupchat", "from": FULL_JID, "body": TEXT}
            {"event": "error", "text": ...}
Our own presence carries XEP-0115 caps (slixmpp's xep_0115), so the widget can look us up.
Subscription requests are accepted, and answered with one of our own (slixmpp's auto_authorize/auto_subscribe).
"""
import asyncio
import json
import sys

import slixmpp
from slixmpp.xmlstream import ET

STATES = ("active", "composing", "paused", "inactive", "gone")


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Peer(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password)
        self.tasks = set()
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0085")
        self.register_plugin("xep_0115")
        self.register_plugin("xep_0199")
        self.register_plugin("xep_0045")
        self.register_plugin("xep_0249")
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("message", self.on_message)
        self.add_event_handler("groupchat_message", self.on_groupchat)
        self.add_event_handler("presence_available", self.on_presence)
        for state in STATES:
            self.add_event_handler(f"chatstate_{state}", self.on_chat_state)

    def spawn(self, coroutine):
        # asyncio holds tasks weakly: without a reference of our own, a pending one can be collected mid-wait.
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def on_start(self, _event):
        # Our caps first, so that every presence carries them (slixmpp computes them on its own clock otherwise).
        await self["xep_0115"].update_caps(broadcast=False)
        self.send_presence()
        await self.get_roster()
        emit(event="online")
        self.spawn(self.read_commands())

    def on_chat_state(self, msg):
        emit(event="chat_state", **{"from": str(msg["from"].bare), "state": msg["chat_state"]})

    def on_presence(self, presence):
        c = presence.xml.find("{http://jabber.org/protocol/caps}c")
        caps = None if c is None else {"node": c.get("node"), "ver": c.get("ver"), "hash": c.get("hash")}
        emit(event="presence", **{"from": str(presence["from"]), "caps": caps})

    async def disco_info(self, to, node):
        try:
            answer = await self["xep_0030"].get_info(jid=to, node=node, cached=False, timeout=10)
        except Exception as error:
            emit(event="error", text=f"disco#info of {to}: {error!r}")
            return
        try:
            info = answer["disco_info"]
            ver = self["xep_0115"].generate_verstring(info, "sha-1")
            emit(event="disco_info", **{
                "from": str(answer["from"]),
                "node": info["node"],
                "identities": [list(i) for i in info["identities"]],
                "features": sorted(info["features"]),
                "ver": ver,
            })
        except Exception as error:
            emit(event="error", text=f"reading disco#info of {to}: {error!r}")

    def on_message(self, msg):
        if msg["type"] in ("chat", "normal") and msg["body"]:
            state = msg["chat_state"] or None
            emit(event="message", **{"from": str(msg["from"].bare), "body": msg["body"], "state": state})

    def on_groupchat(self, msg):
        if msg["body"]:
            emit(event="groupchat", **{"from": str(msg["from"]), "body": msg["body"]})

    async def join(self, room, nick):
        try:
            await self["xep_0045"].join_muc_wait(room, nick, maxstanzas=0, timeout=10)
            # A room we created stays locked until configured (XEP-0045 §10.1.2): take its defaults. Any other
            # room refuses this from a non-owner, which changes nothing.
            iq = self.make_iq_set(ito=room)
            iq.append(ET.fromstring('<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"/></query>'))
            try:
                await iq.send(timeout=10)
            except Exception:
                pass
            emit(event="joined", room=room)
        except Exception as error:
            emit(event="error", text=f"joining {room}: {error!r}")

    async def flood(self, room, prefix, count, every_ms):
        for i in range(1, count + 1):
            self.make_message(mto=room, mbody=f"{prefix}-{i}", mtype="groupchat").send()
            await asyncio.sleep(every_ms / 1000)
        emit(event="flooded", room=room)

    async def read_commands(self):
        loop = asyncio.get_event_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = await reader.readline()
            if not line:
                break
            try:
                self.run(json.loads(line))
            except Exception as error:  # a bad command is reported, the peer stays up
                emit(event="error", text=repr(error))
        self.disconnect()

    def run(self, command):
        op = command["op"]
        if op == "chat_state":
            msg = self.make_message(mto=command["to"], mtype="chat")
            msg["chat_state"] = command["state"]
            msg.send()
        elif op == "message":
            msg = self.make_message(mto=command["to"], mbody=command["body"], mtype="chat")
            if command.get("state"):
                msg["chat_state"] = command["state"]
            msg.send()
        elif op == "subscribe":
            self.send_presence(pto=command["to"], ptype="subscribe")
        elif op == "disco_info":
            self.spawn(self.disco_info(command["to"], command.get("node")))
        elif op == "join":
            self.spawn(self.join(command["room"], command["nick"]))
        elif op == "groupchat":
            msg = self.make_message(mto=command["room"], mbody=command["body"], mtype="groupchat")
            for by, id_ in command.get("stanza_ids", []):
                msg.xml.append(ET.Element("{urn:xmpp:sid:0}stanza-id", {"by": by, "id": id_}))
            msg.send()
        elif op == "flood":
            self.spawn(self.flood(command["room"], command["prefix"], int(command["count"]), int(command["every_ms"])))
        elif op == "nick":
            self.send_presence(pto=f'{command["room"]}/{command["nick"]}')
        elif op == "invite":
            self["xep_0249"].send_invitation(command["to"], command["room"], reason=command.get("reason"))
        elif op == "quit":
            self.disconnect()
        else:
            emit(event="error", text=f"unknown op {op}")


def main():
    options = json.loads(sys.argv[1])
    peer = Peer(options["jid"], options["password"])
    # Loopback Prosody without TLS (scripts/prosody.cfg.lua allows plain authentication there).
    peer.enable_plaintext = True
    peer.connect((options.get("host", "127.0.0.1"), int(options["port"])), use_ssl=False, force_starttls=False, disable_starttls=True)
    peer.add_event_handler("disconnected", lambda _e: asyncio.get_event_loop().stop())
    peer.add_event_handler("failed_auth", lambda _e: emit(event="error", text="authentication failed"))
    asyncio.get_event_loop().run_forever()


if __name__ == "__main__":
    main()

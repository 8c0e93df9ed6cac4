"""A contact on another XMPP stack (slixmpp), driven by the tests through scripts/wtr-peer-plugin.mjs.

    /usr/bin/python3 test/peers/peer.py '{"jid": "bob@localhost", "password": "...", "host": "127.0.0.1", "port": 5222}'

Reads one command per line on stdin (JSON), writes one event per line on stdout (JSON):
  commands: {"op": "chat_state", "to": JID, "state": "composing"}   a standalone XEP-0085 notification
            {"op": "message", "to": JID, "body": TEXT, "state": "active"}   a chat message (state optional)
            {"op": "subscribe", "to": JID}
            {"op": "quit"}
  events:   {"event": "online"}, {"event": "chat_state", "from": JID, "state": S},
            {"event": "message", "from": JID, "body": TEXT, "state": S or null}, {"event": "error", "text": ...}
Subscription requests are accepted, and answered with one of our own (slixmpp's auto_authorize/auto_subscribe).
"""
import asyncio
import json
import sys

import slixmpp

STATES = ("active", "composing", "paused", "inactive", "gone")


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Peer(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password)
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0085")
        self.register_plugin("xep_0199")
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("message", self.on_message)
        for state in STATES:
            self.add_event_handler(f"chatstate_{state}", self.on_chat_state)

    async def on_start(self, _event):
        self.send_presence()
        await self.get_roster()
        emit(event="online")
        asyncio.ensure_future(self.read_commands())

    def on_chat_state(self, msg):
        emit(event="chat_state", **{"from": str(msg["from"].bare), "state": msg["chat_state"]})

    def on_message(self, msg):
        if msg["type"] in ("chat", "normal") and msg["body"]:
            state = msg["chat_state"] or None
            emit(event="message", **{"from": str(msg["from"].bare), "body": msg["body"], "state": state})

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

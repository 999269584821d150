// BASELINE, not the product: the smallest socket.io relay, for comparison with the real app.
// A client emits `relay` {room, msg}; the server broadcasts `msg` to the room as `card_move`
// and acknowledges. `join` {room} puts the socket in a room. Namespace /workflow, like the app.
// Started by bench/run.py as `node relay.js PORT`; listens on 127.0.0.1 only.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || process.env.PORT || 3001);
const httpServer = http.createServer();
const io = new Server(httpServer, {
  serveClient: false,
  cors: { origin: true, credentials: true },
  // socket.io 4.x defaults kept (perMessageDeflate is off by default).
});

io.of("/workflow").on("connection", (socket) => {
  socket.on("join", (data, ack) => {
    socket.join(String(data.room));
    if (typeof ack === "function") ack({ ok: true });
  });
  socket.on("relay", (data, ack) => {
    io.of("/workflow").to(String(data.room)).emit("card_move", data.msg);
    if (typeof ack === "function") ack({ ok: true });
  });
});

httpServer.listen(port, "127.0.0.1");
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));

// The web app's own Socket.IO client connects with a token and prints the first newBooking.
import { createRequire } from "node:module";

const require = createRequire(`${process.env.FRONTEND_DIR}/package.json`);
const { io } = require("socket.io-client");

const [url, token] = process.argv.slice(2);
const socket = io(url, { auth: { token }, transports: ["websocket"], reconnection: false });
const timer = setTimeout(() => {
  console.error("timed out");
  process.exit(2);
}, 10000);
socket.on("connect", () => console.log("connected"));
socket.on("connect_error", (error) => {
  console.log(`refused ${error.message}`);
  clearTimeout(timer);
  socket.close();
});
socket.on("newBooking", (booking) => {
  console.log(`newBooking ${booking.id}`);
  clearTimeout(timer);
  socket.close();
});

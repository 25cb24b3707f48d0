import { createServer, type Server } from "node:net";

/**
 * The smallest SMTP server the demo's email step needs (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA),
 * so `pnpm dev --demo` can send its receipt offline. It accepts any credentials and prints only
 * the recipient line, never the credentials or the message.
 */
export async function startDemoSmtp(port: number, log: (line: string) => void): Promise<Server> {
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let authStep = 0;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 localhost demo SMTP ready");
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          reply("250 OK: queued");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (authStep > 0) {
          authStep = authStep === 1 ? 2 : 0;
          reply(authStep === 2 ? "334 UGFzc3dvcmQ6" : "235 Authentication successful");
          continue;
        }
        const verb = line.split(" ")[0]?.toUpperCase() ?? "";
        if (verb === "EHLO" || verb === "HELO") {
          socket.write("250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
        } else if (verb === "AUTH") {
          const [, mechanism, initial] = line.split(" ");
          if (mechanism?.toUpperCase() === "LOGIN") {
            authStep = initial ? 2 : 1;
            reply(initial ? "334 UGFzc3dvcmQ6" : "334 VXNlcm5hbWU6");
          } else if (initial) {
            reply("235 Authentication successful");
          } else {
            authStep = 2; // PLAIN with the credentials on the next line
            reply("334 ");
          }
        } else if (verb === "RCPT") {
          log(`demo sink: mail ${line.slice(5).trim()}`);
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else {
          reply("250 OK");
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}

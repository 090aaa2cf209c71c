/**
 * The floor of the POST /check bench: a bare node:http server that reads each request's body whole and answers
 * 200 with a JSON body of ANSWER_BYTES (the size of a real /check answer), doing no other work. What 20 clients
 * posting 12 KB cost on this machine with no framework, no multipart parser, no intake and no scoring.
 * Prints `listening` once it accepts connections on PORT.
 */
import * as http from 'node:http';

const answerBytes = Number(process.env.ANSWER_BYTES ?? 20_000);
// a JSON string of the answer's size, made once: the floor does not pay for serialising
const answer = Buffer.from(JSON.stringify({ padding: 'x'.repeat(Math.max(0, answerBytes - 16)) }));

const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (chunk: Buffer) => parts.push(chunk));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

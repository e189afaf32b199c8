// A Vosk WebSocket client as vosk-server's users write them with the Node `ws` package: config, then
// 16-bit PCM chunks each answered by one message, then {"eof" : 1}; prints every reply as one JSON line
// and "CLOSED <code>" when the server closes.
// usage: node vosk-client.js ws://host:port/path file.raw sample_rate chunk_bytes [config-json]
const WebSocket = require('ws');
const fs = require('fs');

const [url, file, rate, chunkBytes, extra] = process.argv.slice(2);
const pcm = fs.readFileSync(file);
const chunk = Number(chunkBytes);
const ws = new WebSocket(url);
let offset = 0;
let sentEof = false;

function sendNext() {
  if (offset < pcm.length) {
    ws.send(pcm.subarray(offset, Math.min(pcm.length, offset + chunk)));
    offset += chunk;
  } else if (!sentEof) {
    sentEof = true;
    ws.send('{"eof" : 1}');
  }
}

ws.on('open', () => {
  const config = Object.assign({ sample_rate: Number(rate) }, extra ? JSON.parse(extra) : {});
  ws.send(JSON.stringify({ config }));
  sendNext();
});
ws.on('message', (data, isBinary) => {
  console.log(isBinary ? '{"binary": true}' : data.toString());
  sendNext();
});
ws.on('close', (code) => {
  console.log('CLOSED ' + code);
  process.exit(0);
});
ws.on('error', (e) => {
  console.log('ERROR ' + e.message);
  process.exit(2);
});
setTimeout(() => { console.log('TIMEOUT'); process.exit(3); }, 60000);

// acm-asr live captions: microphone → AudioWorklet → pcm_f32le over WebSocket /v1/listen, captions and
// per-frame compute back; file upload to POST /v1/transcribe. Protocol: README "Live captioning service".
'use strict';

const FRAME_SECONDS = 0.04; // the model's encoder frame: compute is reported per frame
const $ = (id) => document.getElementById(id);

// State visible to tests and to the console.
const acm = window.acm = {
  finals: [], partial: '', partials: 0, errors: [], ready: null, closed: null, compute: null,
  // samples of microphone audio: captured while the session was live, held back until ready, sent
  audio: { captured: 0, early: 0, sent: 0 },
};

let audioCtx = null;
let media = null;
let socket = null;
let frames = []; // per 40 ms frame: { rms, compute }
let closing = false; // Stop was pressed: blocks still in flight from the worklet are not sent

function setStatus(text, isError) {
  $('status').textContent = text;
  $('status').classList.toggle('error', !!isError);
}

function token() {
  return $('token').value.trim();
}

function withToken(url) {
  const t = token();
  return t ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(t) : url;
}

function budget() {
  return Number($('budget').value);
}

/** The budget fields of start and configure: a number, or "auto" with the slider as its floor. */
function budgetFields() {
  return $('budget-auto').checked ? { budget: 'auto', budget_floor: budget() } : { budget: budget() };
}

// ---- live captions ----

async function start() {
  $('start').disabled = true;
  try {
    media = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    audioCtx = new AudioContext();
    if (audioCtx.sampleRate < 8000 || audioCtx.sampleRate > 48000) {
      await audioCtx.close();
      audioCtx = new AudioContext({ sampleRate: 48000 });
    }
    await audioCtx.audioWorklet.addModule('pcm-worklet.js');
  } catch (e) {
    setStatus('microphone unavailable: ' + e.message, true);
    $('start').disabled = false;
    return;
  }
  const source = audioCtx.createMediaStreamSource(media);
  const capture = new AudioWorkletNode(audioCtx, 'pcm-capture');
  const mute = audioCtx.createGain();
  mute.gain.value = 0; // keeps the graph pulled without playing the microphone back
  source.connect(capture).connect(mute).connect(audioCtx.destination);

  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(withToken(scheme + '//' + location.host + '/v1/listen'));
  socket.binaryType = 'arraybuffer';
  let streaming = false;
  frames = [];
  acm.closed = null;
  acm.ready = null;
  acm.audio = { captured: 0, early: 0, sent: 0 };
  closing = false;
  socket.onopen = () => {
    setStatus('connected');
    socket.send(JSON.stringify({
      type: 'start', encoding: 'pcm_f32le', sample_rate: audioCtx.sampleRate, channels: 1, ...budgetFields(),
      interim_results: true, word_timestamps: true,
    }));
  };
  socket.onmessage = (event) => {
    const m = JSON.parse(event.data);
    if (m.type === 'ready') {
      acm.ready = m;
      setBudgetFloor(m.min_budget);
      streaming = true;
      setStatus('listening (' + m.config.sample_rate + ' Hz, session ' + m.session.slice(0, 8) + ')');
      $('stop').disabled = false;
    } else if (m.type === 'partial') {
      acm.partials++;
      acm.partial = m.text;
      $('partial').textContent = m.text;
      addCompute(m);
    } else if (m.type === 'final') {
      acm.finals.push(m);
      acm.partial = '';
      $('partial').textContent = '';
      if (m.text) $('finals').appendChild(caption(m));
      addCompute(m);
    } else if (m.type === 'error') {
      acm.errors.push(m);
      setStatus(m.code + ': ' + m.message, true);
    }
  };
  socket.onclose = (event) => {
    acm.closed = { code: event.code, reason: event.reason };
    streaming = false;
    stopAudio();
    if (event.code === 1006 && !acm.ready) {
      // A refused upgrade (401) reaches a browser only as 1006: ask the API why.
      fetch(withToken('/v1/listen')).then((r) => r.json()).then((e) => {
        setStatus(e.code === 'unauthorized' ? 'unauthorized: enter a valid API key' : 'closed (1006)', true);
      }).catch(() => setStatus('closed (1006)', true));
    } else if (!$('status').classList.contains('error')) {
      setStatus('closed (' + event.code + ')');
    }
    $('start').disabled = false;
    $('stop').disabled = true;
  };
  const rate = audioCtx.sampleRate; // audioCtx is gone after Stop; blocks may still be in flight
  const early = []; // audio captured before ready, sent once the stream starts (at most 10 s)
  let earlySamples = 0;
  capture.port.onmessage = (event) => {
    const block = event.data;
    addWaveform(block, rate);
    if (closing || (socket.readyState !== WebSocket.OPEN && socket.readyState !== WebSocket.CONNECTING)) return;
    acm.audio.captured += block.length;
    if (streaming) {
      while (early.length) send(early.shift());
      send(block);
    } else if (acm.closed === null && earlySamples + block.length <= 10 * rate) {
      early.push(block);
      earlySamples += block.length;
      acm.audio.early += block.length;
    }
  };
}

function send(block) {
  socket.send(block.buffer);
  acm.audio.sent += block.length;
}

function stop() {
  $('stop').disabled = true;
  closing = true;
  stopAudio();
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: 'close' })); // the server sends the last finals, then closes
    setStatus('finishing...');
  }
}

function stopAudio() {
  if (media) media.getTracks().forEach((t) => t.stop());
  if (audioCtx) audioCtx.close();
  media = null;
  audioCtx = null;
}

function caption(m) {
  const p = document.createElement('p');
  p.className = 'final';
  if (m.words && m.words.length) {
    m.words.forEach((w, i) => {
      const span = document.createElement('span');
      span.className = 'w';
      span.textContent = w.word;
      span.title = w.start.toFixed(2) + '–' + w.end.toFixed(2) + ' s, confidence ' + w.confidence.toFixed(2);
      p.appendChild(span);
      if (i < m.words.length - 1) p.appendChild(document.createTextNode(' '));
    });
  } else {
    p.textContent = m.text;
  }
  return p;
}

// ---- waveform and compute strip ----

function frameAt(i) {
  while (frames.length <= i) frames.push({ rms: 0, compute: -1 });
  return frames[i];
}

let waveTime = 0; // seconds of microphone audio seen

function addWaveform(block, rate) {
  const per = Math.round(rate * FRAME_SECONDS);
  for (let off = 0; off + per <= block.length; off += per) {
    let sum = 0;
    for (let i = off; i < off + per; i++) sum += block[i] * block[i];
    frameAt(Math.round(waveTime / FRAME_SECONDS)).rms = Math.sqrt(sum / per);
    waveTime += FRAME_SECONDS;
  }
  drawLegend();
draw();
}

function addCompute(m) {
  acm.compute = m.compute;
  const first = Math.round(m.start / FRAME_SECONDS);
  m.compute.frames.forEach((c, i) => { frameAt(first + i).compute = c; });
  $('compute-used').textContent = 'budget ' + m.compute.budget.toFixed(2) + ', used ' + m.compute.used.toFixed(2);
  drawLegend();
draw();
}

/** The strip's colour for a frame that ran this fraction of the full compute; the legend uses the same. */
function computeColour(fraction) {
  const v = Math.max(0, Math.min(1, fraction));
  return 'hsl(' + (200 - 160 * v) + ', ' + (60 + 35 * v) + '%, ' + (18 + 37 * v) + '%)';
}

function drawLegend() {
  document.querySelectorAll('.legend i[data-compute]').forEach((i) => {
    i.style.background = computeColour(Number(i.dataset.compute));
  });
}

function draw() {
  const wave = $('wave').getContext('2d');
  const strip = $('compute').getContext('2d');
  const w = $('wave').width;
  const h = $('wave').height;
  const px = 4; // pixels per frame: the last w/4 frames are shown
  const shown = Math.floor(w / px);
  const from = Math.max(0, frames.length - shown);
  wave.fillStyle = '#0f1418';
  wave.fillRect(0, 0, w, h);
  strip.fillStyle = '#0f1418';
  strip.fillRect(0, 0, w, $('compute').height);
  wave.fillStyle = '#7fb7e6';
  for (let i = from; i < frames.length; i++) {
    const x = (i - from) * px;
    const a = Math.min(1, frames[i].rms * 4) * (h / 2);
    wave.fillRect(x, h / 2 - a, px - 1, 2 * a + 1);
    const c = frames[i].compute;
    if (c >= 0) {
      strip.fillStyle = computeColour(c);
      strip.fillRect(x, 0, px - 1, $('compute').height);
    }
  }
}

// ---- file upload ----

const TYPES = { wav: 'audio/wav', mp3: 'audio/mpeg', flac: 'audio/flac' };

async function upload() {
  const file = $('file').files[0];
  const out = $('upload-result');
  if (!file) {
    out.textContent = 'choose a WAV, MP3 or FLAC file first';
    return;
  }
  const ext = file.name.split('.').pop().toLowerCase();
  const type = TYPES[ext] || file.type || 'application/octet-stream';
  out.textContent = 'transcribing ' + file.name + '...';
  const headers = { 'Content-Type': type };
  if (token()) headers.Authorization = 'Bearer ' + token();
  try {
    const res = await fetch('/v1/transcribe?budget=' + budget(), { method: 'POST', headers, body: file });
    const body = await res.json();
    if (!res.ok) {
      out.textContent = 'error ' + res.status + ' ' + body.code + ': ' + body.message;
      out.dataset.state = 'error';
      return;
    }
    out.textContent = body.text + '\n\n' + body.duration.toFixed(2) + ' s of audio, ' + body.words.length
      + ' words, budget ' + body.compute.budget + ', compute used ' + body.compute.used.toFixed(3) + ', '
      + body.x_real_time + 'x real time';
    out.dataset.state = 'done';
  } catch (e) {
    out.textContent = 'upload failed: ' + e.message;
    out.dataset.state = 'error';
  }
}

/** The slider starts at the model's lowest reachable budget (a lower one would spend the same). */
function setBudgetFloor(minBudget) {
  if (!(minBudget > 0)) return;
  const slider = $('budget');
  slider.min = String(Math.min(1, Math.ceil(minBudget * 100) / 100));
  if (Number(slider.value) < Number(slider.min)) slider.value = slider.min;
  $('budget-value').textContent = budget().toFixed(2);
  $('budget-floor').textContent = 'lowest budget of this model: ' + minBudget.toFixed(2);
}

fetch('/readyz').then((r) => r.json()).then((s) => setBudgetFloor(s.min_budget)).catch(() => {});

$('start').addEventListener('click', start);
$('stop').addEventListener('click', stop);
$('upload').addEventListener('click', upload);
function configureBudget() {
  $('budget-value').textContent = budget().toFixed(2);
  if (socket && socket.readyState === WebSocket.OPEN && acm.ready) {
    socket.send(JSON.stringify({ type: 'configure', ...budgetFields() }));
  }
}
$('budget').addEventListener('input', configureBudget);
$('budget-auto').addEventListener('change', configureBudget);
$('token').value = localStorage.getItem('acm-token') || '';
$('token').addEventListener('change', () => localStorage.setItem('acm-token', token()));
drawLegend();
draw();

// backcare guided session player. The timeline comes from the server (JSON data in the
// page); the clock runs here. `data-speed` (from ?speed=) runs the clock faster for tests.
(function () {
  "use strict";

  var root = document.getElementById("player");
  var dataNode = document.getElementById("player-data");
  if (!root || !dataNode) return;
  var data = JSON.parse(dataNode.textContent || "{}");
  var steps = (data.timeline && data.timeline.steps) || [];
  var exercises = data.exercises || {};
  var words = data.words || {};
  var says = data.says || [];
  var speed = Math.max(1, Math.min(200, parseFloat(root.dataset.speed || "1") || 1));

  function $(id) { return document.getElementById(id); }
  var el = {
    phase: $("player-phase"), count: $("player-count"), current: $("player-current"),
    round: $("player-round"), figure: $("player-figure"), next: $("player-next"),
    progress: $("player-progress"), start: $("player-start"), back: $("player-back"),
    pause: $("player-pause"), skip: $("player-skip"), stop: $("player-stop"),
    announce: $("player-announce"), soundNote: $("player-sound-note"),
    feedback: $("feedback"), feedbackTitle: $("feedback-title"),
    elapsed: $("fb-elapsed"), completed: $("fb-completed"),
    doneSteps: $("fb-done-steps"), reachedEnd: $("fb-reached-end"), keep: $("fb-keep"),
    endedAt: $("fb-ended-at"), queued: $("feedback-queued"),
    painNow: $("player-pain-before"), painNowRow: $("player-pain-before-row"),
    painBefore: $("fb-pain-before"), painBeforeRow: $("fb-pain-before-row"),
    discard: $("discard-offer"), discardTitle: $("discard-title"),
    discardYes: $("discard-yes"), discardNo: $("discard-no"), discardDone: $("discard-done")
  };

  var index = 0;          // the current step
  var inStep = 0;         // milliseconds into it (of session time, i.e. scaled)
  var running = false;
  var started = false;
  var finished = false;
  var last = 0;           // performance.now() of the previous tick
  var wallStart = 0;      // Date.now() when started, for the log
  var completed = 0;      // steps reached past (run out or skipped)
  var ranOut = {};        // indices of steps whose time ran out in full (not skipped)
  var timer = null;
  var wakeLock = null;
  var audio = null;
  var lastFigure = "";

  var canSpeak = "speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function";
  if (!canSpeak && el.soundNote) {
    el.soundNote.textContent = "🔔";
  }

  // -- sound: speech where the browser has it, a short tone otherwise ----------------------
  function beep(frequency) {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      audio = audio || new Ctx();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = frequency || 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.25);
    } catch (e) { /* no sound available: the screen still shows everything */ }
  }

  function say(text) {
    if (el.announce) el.announce.textContent = text;
    if (canSpeak && window.speechSynthesis.getVoices) {
      try {
        window.speechSynthesis.cancel();
        var u = new SpeechSynthesisUtterance(text);
        u.lang = words.speech_lang || "en-GB";
        u.rate = 1;
        window.speechSynthesis.speak(u);
        return;
      } catch (e) { /* fall through to the tone */ }
    }
    beep(880);
  }

  // -- the screen stays awake while the session runs (Wake Lock API, where present) ---------
  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* refused (battery saver, no permission): carry on */ });
  }
  function letSleep() {
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running) keepAwake();
  });

  // -- drawing -------------------------------------------------------------------------
  function name(id) { return id && exercises[id] ? exercises[id].name : ""; }

  function nextWorkAfter(i) {
    for (var j = i + 1; j < steps.length; j++) {
      if (steps[j].phase === "work" || steps[j].phase === "hold") return steps[j];
    }
    return null;
  }

  // A phrase of the page's language with its %(name)s / %(n)d places filled in.
  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)[sd]/g, function (all, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function ending() {
    if (Object.keys(ranOut).length === 0) return words.stopped_unfinished || "";
    return completed >= steps.length ? words.finished || "" : words.stopped || "";
  }

  function draw() {
    var step = steps[Math.min(index, steps.length - 1)];
    if (!step) return;
    var phase = finished ? "done" : step.phase;
    root.dataset.phase = phase;
    root.dataset.step = String(index);
    el.phase.textContent = finished ? ending() : (words[phase] || phase) + (running || !started ? "" : " · " + (words.paused || ""));
    el.count.textContent = finished ? "0:00" : clock(step.duration_s * 1000 - inStep);
    var resting = phase !== "work" && phase !== "hold";
    // During a rest or the get-ready, the exercise named is the one coming up.
    el.current.textContent = finished ? "" : resting ? fill(words.next_name, { name: name(step.exercise) }) : name(step.exercise);
    var counted = fill(step.kind === "sets" ? words.set_of : words.round_of, { n: step.round, total: step.rounds || 1 });
    el.round.textContent = finished ? "" : counted + (step.reps ? " · " + step.reps + " ×" : "");
    var upcoming = nextWorkAfter(index);
    if (resting && upcoming) upcoming = nextWorkAfter(steps.indexOf(upcoming));
    el.next.textContent = upcoming && !finished ? fill(words.then_name, { name: name(upcoming.exercise) }) : "";
    var figure = step.exercise && exercises[step.exercise] ? exercises[step.exercise].figure : "";
    if (figure && figure !== lastFigure) {
      el.figure.src = figure;
      el.figure.alt = name(step.exercise);
      lastFigure = figure;
    }
    var reachedT = completed < steps.length ? steps[completed].t : el.progress.max;
    el.progress.value = finished ? reachedT : step.t + inStep / 1000;
    el.count.hidden = finished;
    // "Resume" only once there is something to resume.
    el.pause.textContent = started && !running ? (words.resume || "Resume") : (words.pause || "Pause");
    el.back.disabled = !started || finished || index === 0;
    el.skip.disabled = el.pause.disabled = el.stop.disabled = !started || finished;
  }

  // What is said as step i begins: the server's words (the terminal coach's, in the page's
  // language), so the two players say the same thing.
  function cue(i) {
    if (says[i]) say(says[i]);
  }

  // -- moving through the timeline --------------------------------------------------------
  function go(to, speak) {
    index = Math.max(0, Math.min(to, steps.length));
    inStep = 0;
    if (index >= steps.length) { finish(); return; }
    if (steps[index].phase === "done" || steps[index].duration_s <= 0) {
      if (index === steps.length - 1) { completed = steps.length; finish(); return; }
    }
    if (speak) cue(index);
    draw();
  }

  function advance() {
    completed = Math.max(completed, index + 1);
    go(index + 1, true);
  }

  function tick() {
    var now = performance.now();
    if (running && !finished) {
      inStep += (now - last) * speed;
      var guard = 0;
      while (!finished && steps[index] && inStep >= steps[index].duration_s * 1000 && guard++ < 1000) {
        var extra = inStep - steps[index].duration_s * 1000;
        ranOut[index] = true;
        advance();
        inStep = finished ? 0 : extra;
      }
      draw();
    }
    last = now;
  }

  function start() {
    if (started) return;
    started = true;
    running = true;
    wallStart = Date.now();
    last = performance.now();
    el.start.hidden = true;
    // The pain before goes with the session; asked here, it is not asked again at the end.
    if (el.painNowRow) el.painNowRow.hidden = true;
    if (el.painNow && el.painBefore && el.painNow.value !== "") {
      el.painBefore.value = el.painNow.value;
      if (el.painBeforeRow) el.painBeforeRow.hidden = true;
    }
    root.dataset.started = "true";
    [el.back, el.pause, el.skip, el.stop].forEach(function (button) { button.hidden = false; });
    keepAwake();
    timer = window.setInterval(tick, 100);
    cue(0);
    draw();
    el.pause.focus();
    // The whole player on screen (title and notes scroll away above it).
    if (root.scrollIntoView) root.scrollIntoView({ block: "nearest" });
  }

  function togglePause() {
    if (!started || finished) return;
    running = !running;
    last = performance.now();
    if (running) keepAwake(); else letSleep();
    if (el.announce) el.announce.textContent = running ? (words.resume || "") : (words.paused || "");
    draw();
  }

  function finish() {
    finished = true;
    running = false;
    if (timer) window.clearInterval(timer);
    letSleep();
    index = Math.min(index, steps.length - 1);
    if (el.elapsed) el.elapsed.value = String(Math.round((Date.now() - wallStart) / 1000));
    if (el.completed) el.completed.value = String(completed);
    // What ran its full time, so the server can tell a session done from one skipped through.
    if (el.doneSteps) { el.doneSteps.disabled = false; el.doneSteps.value = Object.keys(ranOut).join(","); }
    if (el.reachedEnd) { el.reachedEnd.disabled = false; el.reachedEnd.value = completed >= steps.length ? "1" : "0"; }
    // When it ended, so a result sent later (offline, below) keeps its own time.
    if (el.endedAt) { el.endedAt.disabled = false; el.endedAt.value = new Date().toISOString(); }
    draw();
    // As the terminal player: no step ran its full time, so nothing is saved unless the
    // person chooses to keep it (as not done).
    var nothingFinished = Object.keys(ranOut).length === 0;
    if (nothingFinished) say(words.stopped_unfinished || "");
    else if (completed >= steps.length) cue(steps.length - 1);
    else say(words.stopped || "");
    var controls = root.querySelector(".controls");
    if (controls) controls.hidden = true;
    var keys = root.querySelector(".keys");
    if (keys) keys.hidden = true;
    el.figure.hidden = true;
    if (nothingFinished && el.discard) {
      el.discard.hidden = false;
      if (el.discardTitle) el.discardTitle.focus();
    } else {
      askFeedback();
    }
  }

  function askFeedback() {
    if (el.feedback) {
      // Ask only about the exercises the session reached.
      var reached = {};
      for (var i = 0; i < Math.min(completed + 1, steps.length); i++) {
        if (steps[i].exercise) reached[steps[i].exercise] = true;
      }
      el.feedback.querySelectorAll("fieldset[data-exercise]").forEach(function (set) {
        var keep = reached[set.dataset.exercise] === true;
        set.hidden = !keep;
        set.querySelectorAll("input, select").forEach(function (input) { input.disabled = !keep; });
      });
      el.feedback.hidden = false;
      if (el.feedbackTitle) el.feedbackTitle.focus();
    }
  }

  el.start.addEventListener("click", start);
  el.pause.addEventListener("click", togglePause);
  el.skip.addEventListener("click", function () { if (started && !finished) advance(); });
  el.back.addEventListener("click", function () {
    if (started && !finished) go(inStep > 2000 ? index : index - 1, true);
  });
  el.stop.addEventListener("click", function () { if (started && !finished) finish(); });
  if (el.discardYes) el.discardYes.addEventListener("click", function () {
    el.discardYes.parentNode.hidden = true;
    if (el.discardDone) el.discardDone.hidden = false;
    var back = el.discardDone && el.discardDone.querySelector("a");
    if (back) back.focus();
  });
  if (el.discardNo) el.discardNo.addEventListener("click", function () {
    if (el.keep) el.keep.disabled = false;
    el.discard.hidden = true;
    askFeedback();
  });

  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === " " || event.key === "Spacebar") {
      if (tag === "BUTTON") return; // the button's own click does it
      event.preventDefault();
      if (!started) start(); else togglePause();
    } else if (event.key === "ArrowRight") {
      if (started && !finished) { event.preventDefault(); advance(); }
    } else if (event.key === "ArrowLeft") {
      if (started && !finished) { event.preventDefault(); go(index - 1, true); }
    } else if (event.key === "Escape") {
      if (started && !finished) { event.preventDefault(); finish(); }
    }
  });

  // Every figure of the session fetched now, so the service worker has them all and the
  // session runs to its end with no network.
  // fetch(), not new Image(): an image the browser holds in memory would not reach the worker.
  Object.keys(exercises).forEach(function (id) {
    if (exercises[id].figure && window.fetch) window.fetch(exercises[id].figure).catch(function () {});
  });

  // No network when the result is sent (a phone on the mat in airplane mode): it is kept on
  // the phone and sent when the network is back (app.js sends what is waiting).
  if (el.feedback) el.feedback.addEventListener("submit", function (event) {
    if (navigator.onLine !== false || !window.backcareUnsent) return;
    event.preventDefault();
    var body = new URLSearchParams(new FormData(el.feedback)).toString();
    window.backcareUnsent.keep(el.feedback.action, body);
    el.feedback.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    if (el.queued) el.queued.hidden = false;
  });
  window.addEventListener("backcare:unsent-sent", function () {
    if (el.queued && !el.queued.hidden) el.queued.textContent = el.queued.dataset.sent || "";
  });

  // The feedback form waits until the session ends (it is always there without JavaScript).
  if (el.feedback) el.feedback.hidden = true;
  draw();
})();

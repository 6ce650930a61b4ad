"use strict";
// The playground's script. Every number it shows comes from the JSON chainrule embedded in
// the page; the only computation is gradient descent's epochs in closed form, line for line
// as chainrule.descent.training.descend (one run) and chainrule.descent.status.classify, or
// stepped for another optimizer as chainrule.descent.stepping.step_paths.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const W = DATA.words, S = DATA.descent, G = DATA.graph, D = DATA.derivative;
  const $ = (id) => document.getElementById(id);
  const say = (key, values) => W[key].replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

  // --- Python's number formats: repr(x) and format(x, ".{p}g") --------------------------
  function pyRepr(x) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    const [mant, exp] = x.toExponential().split("e");  // shortest round-trip digits
    const e = Number(exp), sign = x < 0 ? "-" : "";
    const digits = mant.replace("-", "").replace(".", "");
    if (e < -4 || e >= 16) {
      const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      return sign + m + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
    }
    if (e < 0) return sign + "0." + "0".repeat(-e - 1) + digits;
    const whole = digits.padEnd(e + 1, "0");
    const frac = digits.slice(e + 1);
    return sign + whole.slice(0, e + 1) + "." + (frac || "0");
  }

  function fmtG(x, p) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    const [mant, exp] = x.toExponential(p - 1).split("e");
    const e = Number(exp);
    const strip = (s) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
    if (e < -4 || e >= p) {
      return strip(mant) + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
    }
    return strip(x.toFixed(Math.max(0, p - 1 - e)));
  }

  // --- gradient descent in closed form (chainrule.descent.stability.Modes) -------------
  function surfaceMse(m, b) {
    const dm = m - S.m_opt;
    const e = S.x_mean * dm + (b - S.b_opt);
    const along = Math.sqrt(S.n * S.x_var) * dm, across = Math.sqrt(S.n) * e;
    const sse = S.n * S.mse_opt + along * along + across * across;
    return sse <= S.float_max ? sse / S.n : Infinity;
  }

  function modes(lr, m0, b0) {
    const lam = [S.lambda_max, S.lambda_min], [c, s] = S.axis;
    const dm = m0 - S.m_opt, db = b0 - S.b_opt;
    const z0 = [c * dm + s * db, -s * dm + c * db];
    const logMu = lam.map((l) => {
      const r = l * lr;
      return Math.max(Math.log1p(r < 1 ? -r : r - 2), -S.float_max);
    });
    return { lam, z0, logMu, neg: lam.map((l) => l * lr > 1), c, s };
  }

  // One run: m, b and the MSE for epochs 0..last, and the epoch of overflow (or null).
  function descend(lr, epochs, m0, b0) {
    const M = modes(lr, m0, b0);
    const w = [0, 1].map((i) => Math.sqrt((S.n * M.lam[i]) / 2) * M.z0[i]);
    const inLogs = [0, 1].some((i) => M.logMu[i] > 0 && M.z0[i] !== 0 && Math.abs(w[i]) < S.tiny);
    const floor = S.n * S.mse_opt;
    const ms = [m0], bs = [b0], mse = [surfaceMse(m0, b0)];
    let overflow = null;
    for (let j = 1; j <= epochs; j++) {
      const odd = (j & 1) === 1;
      const sq = [0, 1].map((i) => {
        let v;
        if (inLogs) {
          v = Math.exp(M.logMu[i] * j + Math.log(Math.abs(w[i])));
          if (w[i] < 0) v = -v;
        } else {
          v = Math.exp(Math.min(M.logMu[i] * j, S.log_cap)) * w[i];
        }
        if (M.neg[i] && odd) v = -v;
        return v * v;
      });
      const sse = sq[0] + sq[1] + floor;
      const q = [0, 1].map((i) => {
        let v = Math.expm1(M.logMu[i] * j);
        if (M.neg[i] && odd) v = -2 - v;
        v *= M.z0[i];
        if (!Number.isFinite(v)) {  // a small offset times a power beyond float64: in logs
          const z = M.z0[i];
          let far = Math.exp(Math.log(Math.abs(z)) + M.logMu[i] * j);
          if (z < 0) far = -far;
          if (M.neg[i] && odd) far = -far;
          v = far - z;
        }
        return v;
      });
      const m = m0 + (M.c * q[0] - M.s * q[1]), b = b0 + (M.s * q[0] + M.c * q[1]);
      if (!(sse <= S.float_max) || !Number.isFinite(m) || !Number.isFinite(b)) {
        overflow = j;
        break;
      }
      ms.push(m); bs.push(b); mse.push(sse / S.n);
    }
    return { ms, bs, mse, overflow, M };
  }

  function classify(r) {
    const e = r.mse.length - 1, m = r.ms, b = r.bs;
    let status = "slow";
    if (e >= 2 && (m[e] - m[e - 1]) * (m[e - 1] - m[e - 2]) + (b[e] - b[e - 1]) * (b[e - 1] - b[e - 2]) < 0) {
      status = "oscillating";
    }
    if (e >= 1 && r.mse[e] > r.mse[e - 1] * (1.0 + S.growth)) status = "diverged";
    if (r.mse[e] - S.mse_opt <= S.limit) status = "converged";
    if (r.overflow !== null) status = "overflow";
    return status;
  }

  // chainrule.descent.stability.predict's epochs to the tolerance, for the verdict.
  function logSum(terms) {
    const t = terms.filter((v) => v > -Infinity);
    if (!t.length) return -Infinity;
    const top = Math.max(...t);
    return top + Math.log(t.reduce((acc, v) => acc + Math.exp(v - top), 0));
  }
  function epochsToTol(M) {
    const pairs = [0, 1].map((i) => [(M.lam[i] / 2.0) * (M.z0[i] * M.z0[i]), M.logMu[i]]);
    const live = pairs.filter(([w]) => w > 0);
    const logExcess = (k) => logSum(live.map(([w, g]) => Math.log(w) + (k ? 2.0 * k * g : 0.0)));
    const logLimit = Math.log(S.limit);
    if (logExcess(0) <= logLimit) return 0;
    if (live.some(([, g]) => g >= 0)) return null;
    let high = Math.max(1, ...live.map(([w, g]) => Math.ceil(Math.log(S.limit / (2.0 * w)) / (2.0 * g))));
    let low = 0;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (logExcess(mid) <= logLimit) high = mid; else low = mid + 1;
    }
    return low;
  }

  // Another optimizer has no closed form: step every epoch, line for line as
  // chainrule.descent.stepping.step_paths with chainrule.descent.optimizers' update rules.
  function stepRun(opt, lr, epochs, m0, b0) {
    const P = S.optimizer;
    const beta = opt.beta, beta1 = P.beta1, beta2 = P.beta2, eps = P.eps;
    let m = m0, b = b0, v = [0, 0], mean = [0, 0], square = [0, 0];
    const ms = [m0], bs = [b0], mse = [surfaceMse(m0, b0)];
    let overflow = null;
    for (let t = 1; t <= epochs; t++) {
      const dm = m - S.m_opt, e = S.x_mean * dm + (b - S.b_opt);
      const g = [2.0 * (S.x_var * dm + S.x_mean * e), 2.0 * e];
      let move;
      if (opt.name === "gd") {
        move = g;
      } else if (opt.name === "adam") {
        mean = mean.map((x, i) => beta1 * x + (1 - beta1) * g[i]);
        square = square.map((x, i) => beta2 * x + (1 - beta2) * g[i] * g[i]);
        const fix1 = 1 - beta1 ** t, fix2 = 1 - beta2 ** t;
        move = mean.map((x, i) => (x / fix1) / (Math.sqrt(square[i] / fix2) + eps));
      } else {
        v = v.map((x, i) => beta * x + g[i]);
        move = opt.name === "momentum" ? v : g.map((x, i) => x + beta * v[i]);
      }
      m = m - lr * move[0]; b = b - lr * move[1];
      const now = surfaceMse(m, b);
      if (!Number.isFinite(now) || !Number.isFinite(m) || !Number.isFinite(b)) { overflow = t; break; }
      ms.push(m); bs.push(b); mse.push(now);
    }
    return { ms, bs, mse, overflow, M: null };
  }

  // A run as `chainrule train` reports it (opt: {name, beta}; plain descent by default).
  function train(lr, epochs, m0, b0, opt) {
    const plain = !opt || opt.name === "gd";
    if (!plain) return trainStepped(opt, lr, epochs, m0, b0);
    const r = descend(lr, epochs, m0, b0);
    const status = classify(r);
    const last = r.mse.length - 1;
    const m = r.ms[last], b = r.bs[last], finalMse = r.mse[last];
    const rate = Math.max(Math.abs(1.0 - lr * S.lambda_max), Math.abs(1.0 - lr * S.lambda_min));
    const reached = r.mse.findIndex((v) => v - S.mse_opt <= S.limit);
    const g = (x) => fmtG(x, 6);
    let verdict;
    if (status === "overflow") {
      verdict = say("pg.verdict.overflow", { epoch: r.overflow, lr: g(lr), lr_max: S.lr_max_text, rate: fmtG(rate, 4) });
    } else if (status === "diverged") {
      verdict = say("pg.verdict.diverged", { lr: g(lr), lr_max: S.lr_max_text, rate: g(rate) });
    } else if (status === "converged") {
      verdict = say("pg.verdict.converged", { tol: g(S.tol), epoch: reached });
    } else {
      const needed = epochsToTol(r.M);
      const more = needed === null ? "" : say("pg.verdict.more", { needed, tol: g(S.tol) });
      verdict = status === "oscillating"
        ? say("pg.verdict.oscillating", { lr: g(lr), lr_max: S.lr_max_text, more })
        : say("pg.verdict.slow", { epochs, excess: fmtG(finalMse - S.mse_opt, 3), more });
    }
    return {
      m, b, final_mse: finalMse, status, overflow_epoch: r.overflow, last_epoch: last,
      verdict, distance: Math.hypot(m - S.m_opt, b - S.b_opt), excess: finalMse - S.mse_opt, run: r,
    };
  }

  function trainStepped(opt, lr, epochs, m0, b0) {
    const r = stepRun(opt, lr, epochs, m0, b0);
    const status = classify(r), last = r.mse.length - 1;
    const m = r.ms[last], b = r.bs[last], finalMse = r.mse[last];
    const reached = r.mse.findIndex((v) => v - S.mse_opt <= S.limit);
    // chainrule's TrainResult.verdict for a run without a closed form
    const g = (x) => fmtG(x, 6), P = S.optimizer;
    const constants = opt.name === "adam" ? `(beta1=${g(P.beta1)}, beta2=${g(P.beta2)}, eps=${g(P.eps)})`
      : opt.name === "gd" ? "" : `(beta=${g(opt.beta)})`;
    const said = () => (status === "slow"
      ? say("pg.verdict.slow", { epochs, excess: fmtG(finalMse - S.mse_opt, 3), more: "" })
      : say("pg.verdict.stepped." + status, { epoch: r.overflow }));
    const verdict = status === "converged"
      ? say("pg.verdict.converged", { tol: g(S.tol), epoch: reached })
      : say("pg.verdict.stepped", { said: said(), settings: `${opt.name}${constants} + constant`, lr: g(lr) });
    return {
      m, b, final_mse: finalMse, status, overflow_epoch: r.overflow, last_epoch: last,
      verdict, distance: Math.hypot(m - S.m_opt, b - S.b_opt), excess: finalMse - S.mse_opt,
      reached: reached < 0 ? null : reached, run: r,
    };
  }

  // --- drawing ---------------------------------------------------------------------------
  const PAD = { left: 26, right: 14, top: 12, bottom: 36 };
  function canvas(id) {
    const c = $(id), ctx = c.getContext("2d");
    c.width = 960; c.height = 600;
    ctx.setTransform(2, 0, 0, 2, 0, 0);
    ctx.clearRect(0, 0, 480, 300);
    ctx.font = "14px system-ui, sans-serif";
    return ctx;
  }
  function frame(ctx, xr, yr, labels) {
    const w = 480 - PAD.left - PAD.right, h = 300 - PAD.top - PAD.bottom;
    const clamp = (v) => Math.max(-1e5, Math.min(1e5, v));
    const px = (x) => clamp(PAD.left + ((x - xr[0]) / (xr[1] - xr[0])) * w);
    const py = (y) => clamp(PAD.top + h - ((y - yr[0]) / (yr[1] - yr[0])) * h);
    ctx.strokeStyle = "#999"; ctx.lineWidth = 1;
    ctx.strokeRect(PAD.left, PAD.top, w, h);
    ctx.fillStyle = "#333";
    ctx.textAlign = "left"; ctx.fillText(labels.x0, PAD.left, PAD.top + h + 16);
    ctx.textAlign = "right"; ctx.fillText(labels.x1, 480 - PAD.right, PAD.top + h + 16);
    ctx.textAlign = "center"; ctx.fillText(labels.x, PAD.left + w / 2, PAD.top + h + 30);
    ctx.textAlign = "left";
    ctx.fillText(labels.y1, PAD.left + 4, PAD.top + 14);
    ctx.fillText(labels.y0, PAD.left + 4, PAD.top + h - 4);
    ctx.save(); ctx.translate(12, PAD.top + h / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center"; ctx.fillText(labels.y, 0, 0); ctx.restore();
    ctx.save(); ctx.beginPath(); ctx.rect(PAD.left, PAD.top, w, h); ctx.clip();
    return { px, py, w, h, done: () => ctx.restore() };
  }
  function line(ctx, pts, color, width, dash) {
    ctx.strokeStyle = color; ctx.lineWidth = width || 1.5; ctx.setLineDash(dash || []);
    ctx.beginPath();
    let pen = false;
    for (const [x, y] of pts) {
      if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke(); ctx.setLineDash([]);
  }
  function dot(ctx, x, y, color, r) {
    ctx.fillStyle = color; ctx.beginPath(); ctx.arc(x, y, r || 4, 0, 2 * Math.PI); ctx.fill();
  }

  // --- the gradient-descent panel ----------------------------------------------------
  const state = { lr: S.presets.length ? S.presets[0][0] : S.lr_opt, epochs: 1000, m0: S.m0, b0: S.b0, k: 0, result: null, timer: null };
  if (S.presets.length) state.epochs = S.presets[0][1];
  const lrIn = $("lr"), lrNum = $("lr-num"), epIn = $("epochs"), epNum = $("epochs-num");
  lrIn.min = S.log_lr[0]; lrIn.max = S.log_lr[1];
  epIn.max = S.max_epochs; epNum.max = S.max_epochs;
  const ticks = document.createElement("datalist");
  ticks.id = "lr-ticks";
  for (const v of [S.lr_opt, S.lr_max]) {
    const o = document.createElement("option"); o.value = Math.log10(v); ticks.appendChild(o);
  }
  document.body.appendChild(ticks);
  lrIn.setAttribute("list", "lr-ticks");
  const where = (lr) => (100 * (Math.log10(lr) - S.log_lr[0])) / (S.log_lr[1] - S.log_lr[0]);
  $("mark-opt").textContent = "lr_opt ▾"; $("mark-opt").style.left = where(S.lr_opt) + "%";
  $("mark-opt").style.transform = "translateX(-100%)";
  $("mark-max").textContent = "▾ lr_max"; $("mark-max").style.left = where(S.lr_max) + "%";
  $("mark-max").style.transform = "translateX(0)";
  $("limits").innerHTML = "";
  for (const [cls, key, v] of [["opt", "pg.gd.lr_opt", S.lr_opt], ["max", "pg.gd.lr_max", S.lr_max]]) {
    const span = document.createElement("span");
    span.className = cls; span.textContent = say(key, { value: fmtG(v, 6) }) + "  ";
    $("limits").appendChild(span);
  }
  for (const [lr, epochs] of S.presets) {
    const btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = say("pg.gd.preset", { lr: fmtG(lr, 6), epochs });
    btn.addEventListener("click", () => { state.lr = lr; state.epochs = epochs; state.opt = { name: "gd", beta: state.opt.beta }; update(); });
    $("presets").appendChild(btn);
  }

  // The optimizer: gd, momentum, nesterov (with beta) or adam; momentum's tuned setting.
  state.opt = { name: "gd", beta: S.optimizer.beta };
  const optIn = $("optimizer"), betaIn = $("beta"), betaNum = $("beta-num");
  const T = S.momentum;
  $("tuned").textContent = say("pg.gd.tuned", {
    lr: fmtG(T.lr_opt, 6), beta: fmtG(T.beta_opt, 6), rate: fmtG(T.rate_opt, 4),
    gd_rate: fmtG(T.gd_rate_opt, 4), epochs: T.epochs === null ? "-" : T.epochs,
  });
  $("tuned-set").addEventListener("click", () => {
    state.opt = { name: "momentum", beta: T.beta_opt }; state.lr = T.lr_opt;
    if (T.epochs !== null) state.epochs = Math.min(S.max_epochs, Math.max(state.epochs, T.epochs));
    update();
  });
  optIn.addEventListener("change", () => { state.opt = { name: optIn.value, beta: state.opt.beta }; update(); });
  const setBeta = (v) => {
    if (Number.isFinite(v) && v >= 0 && v < 1) state.opt = { name: state.opt.name, beta: v };
    update();  // a beta outside [0, 1) is not taken: the fields show the one in use
  };
  betaIn.addEventListener("input", () => setBeta(Number(betaIn.value)));
  betaNum.addEventListener("change", () => setBeta(betaNum.value === "" ? NaN : Number(betaNum.value)));

  function stopPlay() {
    if (state.timer !== null) { cancelAnimationFrame(state.timer); state.timer = null; }
    $("play").textContent = W["pg.gd.play"];
  }

  function update() {
    stopPlay();
    state.result = train(state.lr, state.epochs, state.m0, state.b0, state.opt);
    state.k = state.result.last_epoch;
    optIn.value = state.opt.name;
    betaIn.value = state.opt.beta; betaNum.value = state.opt.beta;
    betaIn.disabled = betaNum.disabled = !["momentum", "nesterov"].includes(state.opt.name);
    lrIn.value = Math.log10(state.lr);
    lrIn.setAttribute("aria-valuetext", `lr = ${state.lr}`);
    lrNum.value = state.lr;
    epIn.value = state.epochs; epNum.value = state.epochs;
    $("m0").value = state.m0; $("b0").value = state.b0;
    showStatus();
    draw();
  }

  function showStatus() {
    const r = state.result, dl = $("status");
    const rows = [];
    const word = r.status === "overflow" ? say("pg.status.overflow", { epoch: r.overflow_epoch }) : W["pg.status." + r.status];
    rows.push([W["pg.gd.status"], word, r.status]);
    if (r.overflow_epoch === null) {
      rows.push(["m", pyRepr(r.m)], ["b", pyRepr(r.b)], ["MSE", pyRepr(r.final_mse)]);
    } else {
      rows.push([say("pg.gd.last", { epoch: r.last_epoch }), `m = ${pyRepr(r.m)}, b = ${pyRepr(r.b)}`]);
      rows.push(["MSE", `${pyRepr(r.final_mse)} ${W["pg.gd.last_finite"]}`]);
    }
    rows.push([W["pg.gd.optimum"], `m = ${pyRepr(S.m_opt)}, b = ${pyRepr(S.b_opt)}, MSE = ${pyRepr(S.mse_opt)}`]);
    rows.push([W["pg.gd.distance"], say("pg.gd.distance.value", { distance: fmtG(r.distance, 4), excess: fmtG(r.excess, 4) })]);
    rows.push([W["pg.gd.verdict"], r.verdict]);
    dl.replaceChildren();
    for (const [k, v, cls] of rows) {
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v;
      if (cls) { dd.className = cls; dd.id = "status-word"; }
      dl.append(dt, dd);
    }
  }

  function draw() {
    const r = state.result.run, k = state.k, last = state.result.last_epoch;
    $("shown").textContent = say("pg.gd.shown", { k, last }) +
      `: m = ${fmtG(r.ms[k], 6)}, b = ${fmtG(r.bs[k], 6)}, MSE = ${fmtG(r.mse[k], 6)}`;
    // MSE per epoch, log scale
    let ctx = canvas("mse-plot");
    const logs = r.mse.map((v) => Math.log10(v));
    const lo = Math.min(Math.log10(S.mse_opt || 1e-300), ...logs.slice(0, k + 1)), hi = Math.max(...logs.slice(0, k + 1));
    const yr = [Math.floor(lo) - 0.1, Math.max(Math.ceil(hi), Math.floor(lo) + 1) + 0.1];
    let f = frame(ctx, [0, state.epochs], yr, { x: W["pg.gd.epochs"], y: "log10 MSE", x0: "0", x1: String(state.epochs), y0: fmtG(10 ** yr[0], 2), y1: fmtG(10 ** yr[1], 2) });
    line(ctx, [[f.px(0), f.py(Math.log10(S.mse_opt))], [f.px(state.epochs), f.py(Math.log10(S.mse_opt))]], "#1a7f37", 1, [4, 4]);
    line(ctx, logs.slice(0, k + 1).map((v, i) => [f.px(i), f.py(v)]), "#1f5fbf", 2);
    if (state.result.overflow_epoch !== null) {
      const x = f.px(state.result.overflow_epoch);
      line(ctx, [[x, f.py(yr[0])], [x, f.py(yr[1])]], "#c62828", 1.5, [3, 3]);
    }
    f.done();
    // the loss surface: contours are ellipses around the optimum along the Hessian's axes
    ctx = canvas("surface-plot");
    const win = surfaceWindow();
    f = frame(ctx, [win[0], win[1]], [win[2], win[3]], { x: "m", y: "b", x0: fmtG(win[0], 3), x1: fmtG(win[1], 3), y0: fmtG(win[2], 3), y1: fmtG(win[3], 3) });
    const [c, s] = S.axis;
    for (const level of S.levels) {
      const ex = level - S.mse_opt;
      const r1 = Math.sqrt((2 * ex) / S.lambda_max), r2 = Math.sqrt((2 * ex) / S.lambda_min);
      const pts = [];
      for (let t = 0; t <= 200; t++) {
        const a = (2 * Math.PI * t) / 200, u = r1 * Math.cos(a), v = r2 * Math.sin(a);
        pts.push([f.px(S.m_opt + c * u - s * v), f.py(S.b_opt + s * u + c * v)]);
      }
      line(ctx, pts, "#bbb", 1);
    }
    line(ctx, r.ms.slice(0, k + 1).map((m, i) => [f.px(m), f.py(r.bs[i])]), "#1f5fbf", 1.5);
    dot(ctx, f.px(r.ms[k]), f.py(r.bs[k]), "#1f5fbf", 3.5);
    dot(ctx, f.px(S.m_opt), f.py(S.b_opt), "#1a7f37", 4);
    dot(ctx, f.px(state.m0), f.py(state.b0), "#e08000", 6);
    f.done();
    // the fitted line over the data
    ctx = canvas("fit-plot");
    const xs = S.x, ys = S.y;
    const xr = [Math.min(...xs), Math.max(...xs)], yl = [Math.min(...ys), Math.max(...ys)];
    const py = (yl[1] - yl[0]) * 0.1 || 1;
    f = frame(ctx, xr, [yl[0] - py, yl[1] + py], { x: "x", y: "y", x0: fmtG(xr[0], 3), x1: fmtG(xr[1], 3), y0: fmtG(yl[0] - py, 3), y1: fmtG(yl[1] + py, 3) });
    for (let i = 0; i < xs.length; i++) dot(ctx, f.px(xs[i]), f.py(ys[i]), "#777", 2);
    line(ctx, xr.map((x) => [f.px(x), f.py(S.m_opt * x + S.b_opt)]), "#1a7f37", 1, [4, 4]);
    line(ctx, xr.map((x) => [f.px(x), f.py(r.ms[k] * x + r.bs[k])]), "#1f5fbf", 2);
    f.done();
  }

  function surfaceWindow() {
    const win = S.window.slice();
    const padM = (win[1] - win[0]) * 0.05, padB = (win[3] - win[2]) * 0.05;
    win[0] = Math.min(win[0], state.m0 - padM); win[1] = Math.max(win[1], state.m0 + padM);
    win[2] = Math.min(win[2], state.b0 - padB); win[3] = Math.max(win[3], state.b0 + padB);
    return win;
  }

  function play() {
    if (state.timer !== null) { stopPlay(); return; }
    const last = state.result.last_epoch;
    if (state.k >= last) state.k = 0;
    const per = Math.max(1, Math.ceil(last / 150));
    $("play").textContent = W["pg.gd.pause"];
    const tick = () => {
      state.k = Math.min(last, state.k + per);
      draw();
      state.timer = state.k < last ? requestAnimationFrame(tick) : null;
      if (state.timer === null) $("play").textContent = W["pg.gd.play"];
    };
    state.timer = requestAnimationFrame(tick);
  }

  const positive = (v) => Number.isFinite(v) && v > 0;
  lrIn.addEventListener("input", () => { state.lr = Number((10 ** Number(lrIn.value)).toPrecision(3)); update(); });
  lrNum.addEventListener("change", () => { const v = Number(lrNum.value); if (positive(v)) { state.lr = v; update(); } });
  const setEpochs = (v) => { if (Number.isInteger(v) && v >= 1 && v <= S.max_epochs) { state.epochs = v; update(); } };
  epIn.addEventListener("input", () => setEpochs(Number(epIn.value)));
  epNum.addEventListener("change", () => setEpochs(Number(epNum.value)));
  const setStart = (m, b) => {
    if (Number.isFinite(m) && Number.isFinite(b) && Number.isFinite(surfaceMse(m, b))) { state.m0 = m; state.b0 = b; update(); }
  };
  $("m0").addEventListener("change", () => setStart(Number($("m0").value), state.b0));
  $("b0").addEventListener("change", () => setStart(state.m0, Number($("b0").value)));
  $("play").addEventListener("click", play);
  $("step").addEventListener("click", () => { stopPlay(); if (state.k >= state.result.last_epoch) state.k = 0; else state.k += 1; draw(); });
  $("end").addEventListener("click", () => { stopPlay(); state.k = state.result.last_epoch; draw(); });

  // Drag the start on the contour plot, or move it with the arrow keys.
  const surface = $("surface-plot");
  let dragging = false;
  function startAt(event) {
    const box = surface.getBoundingClientRect(), win = S.window;
    const x = ((event.clientX - box.left) / box.width) * 480, y = ((event.clientY - box.top) / box.height) * 300;
    const w = 480 - PAD.left - PAD.right, h = 300 - PAD.top - PAD.bottom;
    const full = surfaceWindow();
    const m = full[0] + ((x - PAD.left) / w) * (full[1] - full[0]);
    const b = full[2] + ((PAD.top + h - y) / h) * (full[3] - full[2]);
    if (m >= win[0] - 1e9 && Number.isFinite(m)) setStart(Number(m.toPrecision(4)), Number(b.toPrecision(4)));
  }
  surface.addEventListener("pointerdown", (e) => { dragging = true; surface.setPointerCapture(e.pointerId); startAt(e); });
  surface.addEventListener("pointermove", (e) => { if (dragging) startAt(e); });
  surface.addEventListener("pointerup", () => { dragging = false; });
  surface.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const win = S.window, frac = e.shiftKey ? 0.1 : 0.02, [dx, dy] = moves[e.key];
    setStart(Number((state.m0 + dx * frac * (win[1] - win[0])).toPrecision(4)), Number((state.b0 + dy * frac * (win[3] - win[2])).toPrecision(4)));
  });

  // --- the computation graph: forward, then backward, one step at a time ----------------
  const graph = { forward: 0, backward: 0 };
  const lastEdge = {};
  G.edges.forEach((e, i) => { if (e.input !== null) lastEdge[e.input] = i; });
  function cell(tr, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
  function drawGraph() {
    const nodes = $("g-nodes").tBodies[0], edges = $("g-edges").tBodies[0], grads = $("g-grads").tBodies[0];
    nodes.replaceChildren(); edges.replaceChildren(); grads.replaceChildren();
    G.nodes.forEach((n, i) => {
      const tr = document.createElement("tr");
      if (i === graph.forward - 1 && graph.backward === 0) tr.className = "now";
      cell(tr, n.id); cell(tr, n.op); cell(tr, n.label); cell(tr, i < graph.forward ? n.value : "…", "num");
      nodes.appendChild(tr);
    });
    G.edges.forEach((e, i) => {
      const tr = document.createElement("tr");
      if (i === graph.backward - 1) tr.className = "now";
      cell(tr, e.edge);
      cell(tr, i < graph.backward ? `${e.upstream} x ${e.local} = ${e.contribution}` : "…", "step");
      edges.appendChild(tr);
    });
    const done = graph.backward === G.edges.length && graph.forward === G.nodes.length && graph.started;
    for (const g of G.gradients) {
      const tr = document.createElement("tr");
      const known = graph.started && (g.input in lastEdge ? graph.backward > lastEdge[g.input] : done);
      cell(tr, g.name);
      cell(tr, known ? g.gradient : "…", "num");
      const td = cell(tr, "");
      if (known) td.innerHTML = g.partial;
      grads.appendChild(tr);
    }
    $("g-forward").disabled = graph.forward === G.nodes.length;
    $("g-backward").disabled = graph.forward < G.nodes.length || done;
    $("g-note").textContent = done ? W["pg.graph.backward_done"]
      : graph.forward === G.nodes.length ? say("pg.graph.forward_done", { value: G.value }) : W["pg.graph.ready"];
  }
  $("g-forward").addEventListener("click", () => { graph.forward = Math.min(G.nodes.length, graph.forward + 1); drawGraph(); });
  $("g-backward").addEventListener("click", () => { graph.started = true; graph.backward = Math.min(G.edges.length, graph.backward + 1); drawGraph(); });
  $("g-reset").addEventListener("click", () => { graph.forward = 0; graph.backward = 0; graph.started = false; drawGraph(); });

  // --- the derivative: steps one by one; f and f' with a movable point ------------------
  let shownSteps = 0;
  function drawSteps() {
    const list = $("d-steps");
    list.replaceChildren();
    D.steps.slice(0, shownSteps).forEach((s) => {
      const li = document.createElement("li");
      li.style.marginLeft = 1.4 * s.level + "em";
      li.innerHTML = `<span class="num">${s.number}.</span> <span class="rule"></span>` +
        (s.inner ? ` ${W["pg.derive.with"]} ${s.inner}` : "") + `: ${s.math}`;
      li.querySelector(".rule").textContent = s.rule;
      list.appendChild(li);
    });
    $("d-result").hidden = shownSteps < D.steps.length;
    $("d-count").textContent = say("pg.derive.count", { shown: shownSteps, total: D.steps.length });
    $("d-next").disabled = shownSteps >= D.steps.length;
  }
  $("d-next").addEventListener("click", () => { shownSteps = Math.min(D.steps.length, shownSteps + 1); drawSteps(); });
  $("d-all").addEventListener("click", () => { shownSteps = D.steps.length; drawSteps(); });
  $("d-hide").addEventListener("click", () => { shownSteps = 0; drawSteps(); });

  const point = $("d-point");
  point.max = D.x.length - 1;
  point.value = Math.floor((D.x.length - 1) / 2);
  function finiteRange(values) {
    const v = values.filter((y) => y !== null).sort((a, b) => a - b);
    if (!v.length) return [-1, 1];
    const lo = v[Math.floor(v.length * 0.02)], hi = v[Math.ceil(v.length * 0.98) - 1];
    const pad = (hi - lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const dRange = finiteRange(D.f.concat(D.slope));
  function drawDerivative() {
    const i = Number(point.value), x0 = D.x[i], y0 = D.f[i], k = D.slope[i];
    const show = (v) => (v === null ? W["pg.derive.undefined"] : fmtG(v, 6));
    $("d-at").textContent = `f(${fmtG(x0, 4)}) = ${show(y0)}, f'(${fmtG(x0, 4)}) = ${show(k)}`;
    point.setAttribute("aria-valuetext", `${D.variable} = ${fmtG(x0, 4)}`);
    const ctx = canvas("d-plot"), xr = [D.x[0], D.x[D.x.length - 1]];
    const f = frame(ctx, xr, dRange, { x: D.variable, y: "", x0: fmtG(xr[0], 3), x1: fmtG(xr[1], 3), y0: fmtG(dRange[0], 3), y1: fmtG(dRange[1], 3) });
    line(ctx, [[f.px(xr[0]), f.py(0)], [f.px(xr[1]), f.py(0)]], "#ccc", 1);
    line(ctx, D.x.map((x, j) => [f.px(x), D.f[j] === null ? null : f.py(D.f[j])]), "#1f5fbf", 2);
    line(ctx, D.x.map((x, j) => [f.px(x), D.slope[j] === null ? null : f.py(D.slope[j])]), "#e08000", 2, [6, 4]);
    if (y0 !== null && k !== null) {
      const h = (xr[1] - xr[0]) * 0.15;
      line(ctx, [[f.px(x0 - h), f.py(y0 - k * h)], [f.px(x0 + h), f.py(y0 + k * h)]], "#c62828", 1.5);
      dot(ctx, f.px(x0), f.py(y0), "#c62828", 4.5);
    }
    f.done();
  }
  point.addEventListener("input", drawDerivative);

  update();
  drawGraph();
  drawSteps();
  drawDerivative();
  // For tests and the curious: the same run as `chainrule train`, from the console.
  window.chainrule = {
    train: (lr, epochs, m0, b0, opt) => { const r = train(lr, epochs, m0, b0, opt); const out = { ...r, ms: r.run.ms, bs: r.run.bs }; delete out.run; return out; },
    pyRepr, fmtG,
  };
})();

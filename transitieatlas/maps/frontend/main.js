/*
 * areamap: an offline Leaflet map as a Streamlit component (no build step, no CDN).
 *
 * Streamlit component protocol (as in streamlit-component-lib, API version 1), by hand:
 *   iframe -> Streamlit: postMessage({isStreamlitMessage: true, type, ...data}, "*") with type
 *     "streamlit:componentReady" {apiVersion: 1}, "streamlit:setFrameHeight" {height},
 *     "streamlit:setComponentValue" {value, dataType: "json"}.
 *   Streamlit -> iframe: message {type: "streamlit:render", args, dfs, disabled, theme}.
 *
 * Args (see transitieatlas/maps/component.py):
 *   geometry: {hash, url}         geometry file written by Python, fetched once per hash and
 *                                 kept in memory; finer levels are fetched when zooming in
 *   style: {palette, fill, tooltips, tip, legend, legend_title, selected}   (payload.style_payload)
 *     tip (instead of tooltips, for many areas): {template, columns: {name: {values, index} |
 *     {url}}}; a column given by URL does not change with the style and is fetched once
 *     (component.static_tip_files); the template is filled in when the pointer is on an area
 *   markers: [{id, lat, lon, colour, label, popup}], lines: [{coords, colour, weight, label}]
 *   height, tiles: {url, attribution} | null
 *
 * All user text (tooltips, labels, popups, legend) is set with textContent, never as HTML.
 * Areas are drawn by one custom canvas layer (AreaCanvas below), not one Leaflet layer per
 * polygon: the decoded geometry is kept as typed arrays of Web-Mercator "world pixels" (zoom 0),
 * polygons are filled in one path per colour and hit-tested by bounding box + even-odd rule.
 * Markers and lines are ordinary Leaflet layers (SVG).
 *
 * componentReady is repeated until the first render message arrives (see "handshake" below).
 *
 * For tests and the benchmark: window.__areamap holds counters, and #root carries
 * data-drawn (areas drawn in the last render) and data-seq (completed renders).
 */
(function () {
  "use strict";

  var root = document.getElementById("root");
  var mapDiv = document.getElementById("map");
  var stats = (window.__areamap = {
    renders: 0, // render messages received
    geometryFetches: 0, // geometry files fetched (level 0)
    sharedHits: 0, // geometry taken from an earlier map iframe of this tab (page switch)
    levelFetches: 0, // finer-level files fetched
    geometryBuilds: 0, // times the polygons were (re)built
    styleApplies: 0,
    tipFetches: 0, // static tooltip column files fetched
    geometryHash: null,
    level: null,
    drawn: 0,
    lastDrawMs: null,
    drawnAt: null,
    seq: 0,
    markers: 0,
    lines: 0,
    errors: [],
    bootAt: Date.now(), // this script started (epoch ms)
    firstRenderAt: null, // first render message arrived (epoch ms)
    readySent: 0, // componentReady messages sent (more than 1: earlier ones were not heard)
  });

  stats.geometryInArgs = []; // per render message: did it carry more than a hash and a URL?

  function send(type, data) {
    var msg = Object.assign({ isStreamlitMessage: true, type: type }, data || {});
    window.parent.postMessage(msg, "*");
  }
  var eventSeq = 0;
  function sendEvent(value) {
    eventSeq += 1;
    value.seq = eventSeq;
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  var map = null;
  var areaLayer = null;
  var overlayRenderer = null;
  var markerGroup = null;
  var lineGroup = null;
  var tileLayer = null;
  var tileUrl = null;
  var current = null; // geometry cache entry on the map
  var style = null;
  var height = null;
  var renderToken = 0;
  var cache = new Map(); // hash -> {frame, levels: [decoded | Promise | null], base, ready}
  var tipFiles = new Map(); // url -> Promise of {values, index} (static tooltip columns)
  var TIP_FILES_MAX = 16;
  var tooltipEl, legendEl, messageEl;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // ---------- the area layer: one canvas for fills and borders, one for outlines ----------

  var BATCH_VERTICES = 300;

  function fillPath(ctx) {
    ctx.fill("evenodd");
  }

  function strokePath(ctx) {
    ctx.stroke();
  }

  var AreaCanvas = L.Layer.extend({
    options: { pane: "overlayPane", padding: 0.4 },

    initialize: function () {
      this._geo = null;
      this._fill = null;
      this._palette = ["#d9d9d9"];
      this._selected = [];
      this._hover = -1;
      this.drawnCount = 0;
    },

    onAdd: function (map) {
      this._base = L.DomUtil.create("canvas", "areamap-canvas areamap-base");
      this._top = L.DomUtil.create("canvas", "areamap-canvas areamap-top");
      this.getPane().appendChild(this._base);
      this.getPane().appendChild(this._top);
      map.on("moveend zoomend viewreset resize", this._reset, this);
      this._reset();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._base);
      L.DomUtil.remove(this._top);
      map.off("moveend zoomend viewreset resize", this._reset, this);
    },

    setGeometry: function (geo) {
      this._geo = geo;
      this._hover = -1;
      this._redraw();
    },

    setStyle: function (fill, palette, selected) {
      this._fill = fill;
      this._palette = palette && palette.length ? palette : ["#d9d9d9"];
      this._selected = selected || [];
      this._redraw();
    },

    setHover: function (f) {
      if (f === this._hover) return;
      this._hover = f;
      this._drawTop();
    },

    _reset: function () {
      var map = this._map;
      var size = map.getSize();
      var pad = this.options.padding;
      var min = map.containerPointToLayerPoint(size.multiplyBy(-pad)).round();
      var full = size.multiplyBy(1 + 2 * pad).round();
      var dpr = window.devicePixelRatio || 1;
      [this._base, this._top].forEach(function (c) {
        L.DomUtil.setPosition(c, min);
        c.width = Math.max(1, Math.round(full.x * dpr));
        c.height = Math.max(1, Math.round(full.y * dpr));
        c.style.width = full.x + "px";
        c.style.height = full.y + "px";
      });
      var origin = map.getPixelOrigin().add(min);
      this._k = Math.pow(2, map.getZoom());
      this._ox = origin.x;
      this._oy = origin.y;
      this._w = full.x;
      this._h = full.y;
      this._dpr = dpr;
      this._redraw();
    },

    _path: function (ctx, f) {
      var g = this._geo, k = this._k, ox = this._ox, oy = this._oy;
      var wx = g.wx, wy = g.wy, rs = g.ringStart;
      for (var r = g.featRing[f]; r < g.featRing[f + 1]; r++) {
        var s = rs[r], e = rs[r + 1];
        if (e - s < 2) continue;
        ctx.moveTo(wx[s] * k - ox, wy[s] * k - oy);
        for (var i = s + 1; i < e; i++) ctx.lineTo(wx[i] * k - ox, wy[i] * k - oy);
        ctx.closePath();
      }
    },

    /**
     * Add the features to paths of about BATCH_VERTICES vertices and paint each path.
     * (One path with thousands of sub-paths is very slow in Chromium's canvas; one path per
     * feature costs a paint call each; small batches are fastest: ~60 ms for all of NL.)
     */
    _batched: function (ctx, features, paint) {
      var g = this._geo, rs = g.ringStart, fr = g.featRing, count = 0;
      ctx.beginPath();
      for (var j = 0; j < features.length; j++) {
        var f = features[j];
        this._path(ctx, f);
        count += rs[fr[f + 1]] - rs[fr[f]];
        if (count >= BATCH_VERTICES) {
          paint(ctx);
          ctx.beginPath();
          count = 0;
        }
      }
      if (count) paint(ctx);
    },

    _redraw: function () {
      if (!this._map || !this._base) return;
      var ctx = this._base.getContext("2d");
      ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
      ctx.clearRect(0, 0, this._w, this._h);
      var g = this._geo;
      if (!g) {
        this.drawnCount = 0;
        this._drawTop();
        return;
      }
      var k = this._k;
      var x0 = this._ox / k, y0 = this._oy / k;
      var x1 = (this._ox + this._w) / k, y1 = (this._oy + this._h) / k;
      var palette = this._palette, fill = this._fill;
      var groups = palette.map(function () {
        return [];
      });
      var visible = [];
      var widthSum = 0;
      for (var f = 0; f < g.n; f++) {
        var b = 4 * f;
        if (g.bbox[b] > x1 || g.bbox[b + 2] < x0 || g.bbox[b + 1] > y1 || g.bbox[b + 3] < y0) continue;
        var c = fill && fill[f] != null && fill[f] < groups.length ? fill[f] : 0;
        groups[c].push(f);
        visible.push(f);
        widthSum += (g.bbox[b + 2] - g.bbox[b]) * k;
      }
      ctx.globalAlpha = 0.8;
      for (var ci = 0; ci < groups.length; ci++) {
        if (!groups[ci].length) continue;
        ctx.fillStyle = palette[ci];
        this._batched(ctx, groups[ci], fillPath);
      }
      ctx.globalAlpha = 1;
      // Thin borders when areas are small on screen (all of NL), up to 0.8 px.
      var meanPx = visible.length ? widthSum / visible.length : 0;
      ctx.lineWidth = Math.max(0.2, Math.min(0.8, meanPx / 25));
      ctx.strokeStyle = "#ffffff";
      ctx.lineJoin = "round";
      this._batched(ctx, visible, strokePath);
      this.drawnCount = visible.length;
      this._drawTop();
    },

    _drawTop: function () {
      if (!this._top) return;
      var ctx = this._top.getContext("2d");
      ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
      ctx.clearRect(0, 0, this._w, this._h);
      if (!this._geo) return;
      ctx.lineJoin = "round";
      if (this._selected.length) {
        ctx.beginPath();
        for (var i = 0; i < this._selected.length; i++) {
          if (this._selected[i] < this._geo.n) this._path(ctx, this._selected[i]);
        }
        ctx.strokeStyle = "#111111";
        ctx.lineWidth = 3;
        ctx.stroke();
      }
      if (this._hover >= 0) {
        ctx.beginPath();
        this._path(ctx, this._hover);
        ctx.strokeStyle = "#333333";
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    },

    /** Index of the area under a Leaflet layer point, or -1. */
    hit: function (layerPoint) {
      var g = this._geo;
      if (!g || !this._map) return -1;
      var po = this._map.getPixelOrigin();
      var x = (layerPoint.x + po.x) / this._k, y = (layerPoint.y + po.y) / this._k;
      for (var f = g.n - 1; f >= 0; f--) {
        var b = 4 * f;
        if (x < g.bbox[b] || x > g.bbox[b + 2] || y < g.bbox[b + 1] || y > g.bbox[b + 3]) continue;
        if (inside(g, f, x, y)) return f;
      }
      return -1;
    },
  });

  function inside(g, f, x, y) {
    var wx = g.wx, wy = g.wy, rs = g.ringStart, odd = false;
    for (var r = g.featRing[f]; r < g.featRing[f + 1]; r++) {
      var s = rs[r], e = rs[r + 1];
      for (var i = s, j = e - 1; i < e; j = i++) {
        if (wy[i] > y !== wy[j] > y && x < ((wx[j] - wx[i]) * (y - wy[i])) / (wy[j] - wy[i]) + wx[i]) {
          odd = !odd;
        }
      }
    }
    return odd;
  }

  function initMap() {
    map = L.map(mapDiv, {
      minZoom: 3,
      maxZoom: 19, // markercluster needs it; without tiles nothing else sets it
      zoomSnap: 0.25,
      zoomAnimation: false,
      markerZoomAnimation: false,
      fadeAnimation: false,
      attributionControl: false,
    });
    map.setView([52.2, 5.3], 7);
    overlayRenderer = L.svg({ padding: 0.4 });
    areaLayer = new AreaCanvas().addTo(map);
    // Helpers for tests and the benchmark (not enumerable: JSON.stringify(__areamap) stays small).
    Object.defineProperty(stats, "map", { value: map });
    Object.defineProperty(stats, "fillOf", { value: fillOf });
    Object.defineProperty(stats, "areaLayer", { value: areaLayer });
    tooltipEl = el("div", "areamap-tooltip");
    legendEl = el("div", "areamap-legend");
    messageEl = el("div", "areamap-message");
    root.appendChild(tooltipEl);
    root.appendChild(legendEl);
    root.appendChild(messageEl);
    map.on("click", function (e) {
      var f = areaLayer.hit(e.layerPoint);
      // An area click also says where (lat, lon): a business park can be drawn on cells.
      if (f >= 0 && current)
        sendEvent({ type: "area", code: current.frame.codes[f], lat: e.latlng.lat, lon: e.latlng.lng });
      else sendEvent({ type: "point", lat: e.latlng.lat, lon: e.latlng.lng });
    });
    map.on("mousemove", function (e) {
      var f = areaLayer.hit(e.layerPoint);
      if (f < 0) {
        hideTooltip();
        return;
      }
      showTooltip(f);
      tooltipEl.style.left = e.containerPoint.x + 14 + "px";
      tooltipEl.style.top = e.containerPoint.y + 10 + "px";
    });
    map.on("mouseout", hideTooltip);
    map.on("zoomend", onZoom);
  }

  // ---------- geometry: fetch, decode, cache ----------

  function fetchJson(url, tries, retry) {
    return fetch(url, { cache: retry ? "no-store" : "default" }).then(function (resp) {
      if (resp.status === 404 && tries > 0) {
        // A finer level may still be computed by Python in the background.
        return new Promise(function (ok) {
          setTimeout(ok, 400);
        }).then(function () {
          return fetchJson(url, tries - 1, true);
        });
      }
      if (!resp.ok) throw new Error("HTTP " + resp.status + " voor " + url);
      return resp.json();
    });
  }

  /** Decode one level into typed arrays of Web-Mercator world pixels at zoom 0 (0..256). */
  function decodeLevel(frame, lv) {
    var scale = frame.scale, ox = frame.origin[0], oy = frame.origin[1];
    var c = lv.coords, fp = lv.feature_parts, pr = lv.part_rings, rl = lv.ring_lengths;
    var nv = c.length / 2, nf = fp.length, nr = rl.length;
    var wx = new Float64Array(nv), wy = new Float64Array(nv);
    var ringStart = new Int32Array(nr + 1), featRing = new Int32Array(nf + 1);
    var bbox = new Float64Array(4 * nf);
    var x = 0, y = 0, D = Math.PI / 180, i;
    for (i = 0; i < nv; i++) {
      x += c[2 * i];
      y += c[2 * i + 1];
      var lon = ox + x / scale, sin = Math.sin((oy + y / scale) * D);
      wx[i] = 256 * (0.5 + lon / 360);
      wy[i] = 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
    }
    for (var r = 0; r < nr; r++) ringStart[r + 1] = ringStart[r] + rl[r];
    var pi = 0;
    for (var f = 0; f < nf; f++) {
      var count = 0;
      for (var p = 0; p < fp[f]; p++) count += pr[pi++];
      featRing[f + 1] = featRing[f] + count;
      var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
      for (i = ringStart[featRing[f]]; i < ringStart[featRing[f + 1]]; i++) {
        if (wx[i] < minx) minx = wx[i];
        if (wx[i] > maxx) maxx = wx[i];
        if (wy[i] < miny) miny = wy[i];
        if (wy[i] > maxy) maxy = wy[i];
      }
      bbox[4 * f] = minx;
      bbox[4 * f + 1] = miny;
      bbox[4 * f + 2] = maxx;
      bbox[4 * f + 3] = maxy;
    }
    return { n: nf, wx: wx, wy: wy, ringStart: ringStart, featRing: featRing, bbox: bbox };
  }

  /**
   * Decoded geometry shared by all map iframes of this browser tab: kept on the Streamlit
   * window (same origin), which outlives the iframes, so a page switch needs no fetch or
   * decode. Only plain data goes there (frame + typed arrays), never promises or functions.
   */
  var SHARED_MAX = 8;
  function sharedCache() {
    try {
      var host = window.parent;
      if (!host.__areamapGeometry) host.__areamapGeometry = new Map();
      return host.__areamapGeometry;
    } catch (e) {
      return null; // another origin: memory of this iframe only
    }
  }

  function share(hash, entry) {
    var shared = sharedCache();
    if (!shared) return;
    shared.delete(hash);
    shared.set(hash, { frame: entry.frame, levels: entry.levels.slice() });
    while (shared.size > SHARED_MAX) shared.delete(shared.keys().next().value);
  }

  function getGeometry(ref) {
    var entry = cache.get(ref.hash);
    if (entry) return entry.ready;
    var base = ref.url.slice(0, ref.url.lastIndexOf("/") + 1);
    entry = { frame: null, levels: [], base: base };
    var shared = sharedCache();
    var known = shared && shared.get(ref.hash);
    if (known) {
      entry.frame = known.frame;
      entry.levels = known.levels.map(function (lv) {
        return lv && typeof lv.then !== "function" ? lv : null;
      });
      stats.sharedHits += 1;
      entry.ready = Promise.resolve(entry);
      cache.set(ref.hash, entry);
      return entry.ready;
    }
    stats.geometryFetches += 1;
    entry.ready = fetchJson(ref.url, 0).then(function (frame) {
      entry.frame = frame;
      entry.levels = frame.levels.map(function () {
        return null;
      });
      entry.levels[0] = decodeLevel(frame, frame.levels[0]);
      share(ref.hash, entry);
      return entry;
    });
    entry.ready.catch(function () {
      cache.delete(ref.hash);
    });
    cache.set(ref.hash, entry);
    return entry.ready;
  }

  function getLevel(entry, i) {
    var lv = entry.levels[i];
    if (lv && typeof lv.then !== "function") return Promise.resolve(lv);
    if (lv) return lv;
    stats.levelFetches += 1;
    var promise = fetchJson(entry.base + entry.frame.levels[i].file, 60).then(function (data) {
      entry.levels[i] = decodeLevel(entry.frame, data);
      share(entry.frame.hash, entry);
      return entry.levels[i];
    });
    promise.catch(function () {
      entry.levels[i] = null;
    });
    entry.levels[i] = promise;
    return promise;
  }

  function levelForZoom(frame, zoom) {
    for (var i = 0; i < frame.levels.length; i++) {
      if (frame.levels[i].max_zoom >= zoom) return i;
    }
    return frame.levels.length - 1;
  }

  var switching = false;

  function onZoom() {
    if (!current || switching) return;
    var want = levelForZoom(current.frame, map.getZoom());
    if (want === stats.level) return;
    var entry = current;
    getLevel(entry, want)
      .then(function (geo) {
        if (current !== entry || levelForZoom(entry.frame, map.getZoom()) !== want) return;
        areaLayer.setGeometry(geo);
        stats.level = want;
        root.dataset.level = String(want);
      })
      .catch(function (err) {
        stats.errors.push(String(err));
      });
  }

  // ---------- areas ----------

  function showArea(entry) {
    hideTooltip();
    current = entry;
    // Style first (without drawing twice): the caller sets it right after.
    areaLayer._geo = null;
    switching = true;
    try {
      map.fitBounds(entry.frame.bounds, { animate: false, padding: [8, 8] });
    } finally {
      switching = false;
    }
    var level = levelForZoom(entry.frame, map.getZoom());
    var geo = entry.levels[level];
    if (!geo || typeof geo.then === "function") level = 0; // finer level follows via onZoom
    areaLayer._geo = entry.levels[level];
    stats.level = level;
    stats.geometryHash = entry.frame.hash;
    stats.geometryBuilds += 1;
    root.dataset.level = String(level);
    onZoom();
  }

  function applyStyle(newStyle) {
    style = newStyle;
    areaLayer.setStyle(style.fill, style.palette, style.selected);
    drawLegend();
    stats.styleApplies += 1;
  }

  function fillOf(code) {
    if (!current || !style) return null;
    var f = current.frame.codes.indexOf(code);
    return f < 0 ? null : style.palette[style.fill[f]];
  }

  // ---------- tooltips ----------

  /** The style's tip with every column resolved to {values, index} (URL columns fetched once). */
  function getTip(tip) {
    if (!tip) return Promise.resolve(null);
    var names = Object.keys(tip.columns);
    return Promise.all(
      names.map(function (name) {
        var col = tip.columns[name];
        if (!col.url) return col;
        var known = tipFiles.get(col.url);
        if (!known) {
          known = fetchJson(col.url, 0);
          known.catch(function () {
            tipFiles.delete(col.url);
          });
          tipFiles.set(col.url, known);
          stats.tipFetches += 1;
          while (tipFiles.size > TIP_FILES_MAX) tipFiles.delete(tipFiles.keys().next().value);
        }
        return known;
      })
    ).then(function (cols) {
      var columns = {};
      names.forEach(function (name, i) {
        columns[name] = cols[i];
      });
      return { template: tip.template, columns: columns };
    });
  }

  function tipText(f) {
    if (!style) return null;
    if (!style.tipReady) return style.tooltips ? style.tooltips[f] : null;
    var code = current ? current.frame.codes[f] : "";
    var missing = false;
    var text = style.tipReady.template.replace(/\{([a-z][a-z0-9_]*)\}/g, function (m, name) {
      if (name === "code") return code;
      var col = style.tipReady.columns[name];
      var k = col ? col.index[f] : -1;
      if (k === undefined || k < 0) {
        missing = true;
        return "";
      }
      return col.values[k];
    });
    return missing ? code : text;
  }

  function showTooltip(f) {
    var text = tipText(f);
    tooltipEl.textContent = text || (current ? current.frame.codes[f] : "");
    tooltipEl.style.display = "block";
    mapDiv.style.cursor = "pointer";
    areaLayer.setHover(f);
  }

  function hideTooltip() {
    if (areaLayer) areaLayer.setHover(-1);
    if (tooltipEl) tooltipEl.style.display = "none";
    mapDiv.style.cursor = "";
  }

  function drawLegend() {
    legendEl.replaceChildren();
    var rows = (style && style.legend) || [];
    if (!rows.length) return;
    if (style.legend_title) legendEl.appendChild(el("div", "areamap-legend-title", style.legend_title));
    rows.forEach(function (row) {
      var line = el("div", "areamap-legend-row");
      var swatch = el("span", "areamap-swatch");
      swatch.style.backgroundColor = row[0];
      line.appendChild(swatch);
      line.appendChild(el("span", "areamap-legend-label", row[1]));
      legendEl.appendChild(line);
    });
  }

  // ---------- markers and lines ----------

  function textBox(title, text) {
    var box = el("div", "areamap-popup");
    if (title) box.appendChild(el("div", "areamap-popup-title", title));
    if (text) box.appendChild(el("div", "areamap-popup-text", text));
    return box;
  }

  var lastMarkers = null;
  var lastLines = null;

  function drawMarkers(markers) {
    // Unchanged markers stay (an open popup survives the rerun a click causes).
    var key = JSON.stringify(markers || []);
    if (key === lastMarkers) return;
    lastMarkers = key;
    if (markerGroup) map.removeLayer(markerGroup);
    markerGroup = null;
    stats.markers = 0;
    if (!markers || !markers.length) return;
    var cluster = markers.length > 50 && typeof L.markerClusterGroup === "function";
    markerGroup = cluster
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.featureGroup();
    markers.forEach(function (m) {
      var mk = L.circleMarker([m.lat, m.lon], {
        renderer: overlayRenderer,
        radius: 7,
        color: "#ffffff",
        weight: 1.5,
        fillColor: m.colour || "#d95f02",
        fillOpacity: 0.95,
      });
      if (m.label) mk.bindTooltip(el("span", null, m.label));
      if (m.popup || m.label) mk.bindPopup(textBox(m.label, m.popup));
      mk.on("click", function (e) {
        L.DomEvent.stopPropagation(e);
        sendEvent({ type: "marker", id: m.id });
      });
      markerGroup.addLayer(mk);
    });
    markerGroup.addTo(map);
    stats.markers = markers.length;
  }

  function drawLines(lines) {
    var key = JSON.stringify(lines || []);
    if (key === lastLines) return;
    lastLines = key;
    if (lineGroup) map.removeLayer(lineGroup);
    lineGroup = null;
    stats.lines = 0;
    if (!lines || !lines.length) return;
    lineGroup = L.featureGroup();
    lines.forEach(function (ln) {
      var pl = L.polyline(ln.coords, {
        renderer: overlayRenderer,
        color: ln.colour || "#7b3294",
        weight: ln.weight || 3,
        interactive: !!ln.label,
      });
      if (ln.label) pl.bindTooltip(el("span", null, ln.label), { sticky: true });
      lineGroup.addLayer(pl);
    });
    lineGroup.addTo(map);
    stats.lines = lines.length;
  }

  function setTiles(tiles) {
    var url = tiles && tiles.url ? tiles.url : null;
    if (url === tileUrl) return;
    if (tileLayer) map.removeLayer(tileLayer);
    tileLayer = null;
    tileUrl = url;
    if (!url) return;
    // Without internet the tiles fail; the polygons stay and the background stays plain.
    tileLayer = L.tileLayer(url, {
      maxZoom: 19,
      errorTileUrl:
        "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
    });
    tileLayer.on("tileerror", function () {
      showMessage("Achtergrondkaart niet bereikbaar; de kaart werkt zonder.");
    });
    tileLayer.addTo(map);
    if (tiles.attribution) {
      L.control.attribution({ prefix: false }).addAttribution(tiles.attribution).addTo(map);
    }
  }

  function showMessage(text) {
    messageEl.textContent = text;
    messageEl.style.display = text ? "block" : "none";
  }

  // ---------- render ----------

  function markDrawn(t0) {
    L.Util.requestAnimFrame(function () {
      stats.drawn = areaLayer.drawnCount;
      stats.lastDrawMs = performance.now() - t0;
      stats.drawnAt = Date.now();
      stats.seq += 1;
      root.dataset.drawn = String(areaLayer.drawnCount);
      root.dataset.seq = String(stats.seq);
      root.dataset.hash = current ? current.frame.hash : "";
    });
  }

  function carriesCoordinates(args) {
    var g = args.geometry || {};
    return Object.keys(g).some(function (k) {
      return k !== "hash" && k !== "url";
    });
  }

  function onRender(args) {
    var t0 = performance.now();
    stats.renders += 1;
    if (stats.firstRenderAt === null) stats.firstRenderAt = Date.now();
    // Record whether this render message carried coordinates (it never should: only a hash/URL).
    stats.geometryInArgs.push(carriesCoordinates(args));
    var token = ++renderToken;
    var h = args.height || 520;
    if (h !== height) {
      height = h;
      mapDiv.style.height = h + "px";
      if (map) map.invalidateSize(false);
      send("streamlit:setFrameHeight", { height: h });
    }
    if (!map) initMap();
    setTiles(args.tiles);
    var newStyle = args.style || { palette: [], fill: [], tooltips: [], legend: [] };
    Promise.all([getGeometry(args.geometry), getTip(newStyle.tip)])
      .then(function (got) {
        var entry = got[0];
        if (token !== renderToken) return;
        if (entry !== current) showArea(entry);
        newStyle.tipReady = got[1];
        applyStyle(newStyle);
        drawMarkers(args.markers);
        drawLines(args.lines);
        showMessage("");
        markDrawn(t0);
      })
      .catch(function (err) {
        stats.errors.push(String(err));
        showMessage("Kaart kon niet laden: " + err);
      });
  }

  // ---------- handshake ----------

  // Streamlit registers its listener for this iframe in a React effect, which can run after
  // this script when the page is busy (e.g. a rerun re-creates the iframe and its files come
  // from the cache). A componentReady posted before that is dropped ("Received component
  // message for unregistered ComponentInstance!") and no render would ever arrive: the map
  // stayed empty under load. So announce again, with a growing pause, until the first render
  // arrives. An extra announcement after registration only makes Streamlit send the current
  // args once more.
  var announceTimer = null;

  function announce() {
    announceTimer = null;
    if (stats.renders > 0) return;
    stats.readySent += 1;
    send("streamlit:componentReady", { apiVersion: 1 });
    announceTimer = setTimeout(announce, Math.min(100 * Math.pow(2, stats.readySent), 3000));
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "streamlit:render") return;
    if (announceTimer !== null) clearTimeout(announceTimer);
    announceTimer = null;
    onRender(data.args || {});
  });
  announce();
})();

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
 *   style: {palette, fill, tooltips, legend, legend_title, selected}   (payload.style_payload)
 *   markers: [{id, lat, lon, colour, label, popup}], lines: [{coords, colour, weight, label}]
 *   height, tiles: {url, attribution} | null
 *
 * All user text (tooltips, labels, popups, legend) is set with textContent, never as HTML.
 * For tests and the benchmark: window.__areamap holds counters, and #root carries
 * data-drawn (polygons drawn) and data-seq (completed renders).
 */
(function () {
  "use strict";

  var root = document.getElementById("root");
  var mapDiv = document.getElementById("map");
  var stats = (window.__areamap = {
    renders: 0, // render messages received
    geometryFetches: 0, // geometry files fetched (level 0)
    levelFetches: 0, // finer-level files fetched
    geometryBuilds: 0, // times the polygons were (re)built
    styleApplies: 0,
    geometryHash: null,
    level: null,
    drawn: 0,
    lastDrawMs: null,
    drawnAt: null,
    seq: 0,
    markers: 0,
    lines: 0,
    errors: [],
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
  var renderer = null;
  var areaGroup = null;
  var markerGroup = null;
  var lineGroup = null;
  var tileLayer = null;
  var tileUrl = null;
  var layers = [];
  var current = null; // geometry cache entry on the map
  var style = null;
  var hoverIndex = -1;
  var height = null;
  var renderToken = 0;
  var cache = new Map(); // hash -> {frame, levels: [decoded | Promise | null], base}
  var tooltipEl, legendEl, messageEl;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function initMap() {
    renderer = L.canvas({ padding: 0.3, tolerance: 2 });
    map = L.map(mapDiv, {
      renderer: renderer,
      preferCanvas: true,
      zoomSnap: 0.25,
      attributionControl: false,
      fadeAnimation: false,
    });
    map.setView([52.2, 5.3], 7);
    // Helpers for tests and the benchmark (not enumerable: JSON.stringify(__areamap) stays small).
    Object.defineProperty(stats, "map", { value: map });
    Object.defineProperty(stats, "fillOf", { value: fillOf });
    tooltipEl = el("div", "areamap-tooltip");
    legendEl = el("div", "areamap-legend");
    messageEl = el("div", "areamap-message");
    root.appendChild(tooltipEl);
    root.appendChild(legendEl);
    root.appendChild(messageEl);
    map.on("click", function (e) {
      sendEvent({ type: "point", lat: e.latlng.lat, lon: e.latlng.lng });
    });
    map.on("mousemove", function (e) {
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

  function decodeLevel(frame, lv) {
    var scale = frame.scale, ox = frame.origin[0], oy = frame.origin[1];
    var c = lv.coords, fp = lv.feature_parts, pr = lv.part_rings, rl = lv.ring_lengths;
    var x = 0, y = 0, pos = 0, ri = 0, pi = 0;
    var out = new Array(fp.length);
    for (var f = 0; f < fp.length; f++) {
      var parts = [];
      for (var p = 0; p < fp[f]; p++) {
        var rings = [];
        var nr = pr[pi++];
        for (var r = 0; r < nr; r++) {
          var n = rl[ri++];
          var ring = new Array(n);
          for (var k = 0; k < n; k++) {
            x += c[pos++];
            y += c[pos++];
            ring[k] = L.latLng(oy + y / scale, ox + x / scale);
          }
          rings.push(ring);
        }
        parts.push(rings);
      }
      out[f] = parts.length === 1 ? parts[0] : parts;
    }
    return out;
  }

  function getGeometry(ref) {
    var entry = cache.get(ref.hash);
    if (entry) return entry.ready;
    var base = ref.url.slice(0, ref.url.lastIndexOf("/") + 1);
    entry = { frame: null, levels: [], base: base };
    stats.geometryFetches += 1;
    entry.ready = fetchJson(ref.url, 0).then(function (frame) {
      entry.frame = frame;
      entry.levels = frame.levels.map(function () {
        return null;
      });
      entry.levels[0] = decodeLevel(frame, frame.levels[0]);
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

  function onZoom() {
    if (!current) return;
    var want = levelForZoom(current.frame, map.getZoom());
    if (want === stats.level) return;
    var entry = current;
    getLevel(entry, want)
      .then(function (latlngs) {
        if (current !== entry || levelForZoom(entry.frame, map.getZoom()) !== want) return;
        for (var f = 0; f < layers.length; f++) layers[f].setLatLngs(latlngs[f]);
        stats.level = want;
        root.dataset.level = String(want);
      })
      .catch(function (err) {
        stats.errors.push(String(err));
      });
  }

  // ---------- areas ----------

  function buildAreas(entry) {
    if (areaGroup) map.removeLayer(areaGroup);
    hideTooltip();
    map.fitBounds(entry.frame.bounds, { animate: false, padding: [8, 8] });
    var level = levelForZoom(entry.frame, map.getZoom());
    var latlngs = entry.levels[level];
    if (!latlngs || typeof latlngs.then === "function") {
      level = 0; // finer level follows through onZoom once loaded
      latlngs = entry.levels[0];
    }
    layers = new Array(latlngs.length);
    for (var f = 0; f < latlngs.length; f++) {
      var poly = L.polygon(latlngs[f], {
        renderer: renderer,
        color: "#ffffff",
        weight: 0.8,
        fillColor: "#d9d9d9",
        fillOpacity: 0.8,
      });
      poly._areaIndex = f;
      layers[f] = poly;
    }
    areaGroup = L.featureGroup(layers);
    areaGroup.on("click", function (e) {
      var f = e.propagatedFrom._areaIndex;
      L.DomEvent.stopPropagation(e);
      sendEvent({ type: "area", code: current.frame.codes[f] });
    });
    areaGroup.on("mouseover", function (e) {
      showTooltip(e.propagatedFrom._areaIndex);
    });
    areaGroup.on("mouseout", function () {
      hideTooltip();
    });
    areaGroup.addTo(map);
    current = entry;
    stats.level = level;
    stats.geometryHash = entry.frame.hash;
    stats.geometryBuilds += 1;
    root.dataset.level = String(level);
    onZoom();
  }

  function baseStyle(f) {
    var sel = style && style._selected && style._selected.has(f);
    return {
      fillColor: style ? style.palette[style.fill[f]] || "#d9d9d9" : "#d9d9d9",
      color: sel ? "#111111" : "#ffffff",
      weight: sel ? 3 : 0.8,
    };
  }

  function applyStyle(newStyle) {
    style = newStyle;
    style._selected = new Set(style.selected || []);
    for (var f = 0; f < layers.length; f++) layers[f].setStyle(baseStyle(f));
    style._selected.forEach(function (f) {
      if (layers[f]) layers[f].bringToFront();
    });
    drawLegend();
    stats.styleApplies += 1;
  }

  function fillOf(code) {
    if (!current || !style) return null;
    var f = current.frame.codes.indexOf(code);
    return f < 0 ? null : style.palette[style.fill[f]];
  }

  function showTooltip(f) {
    if (hoverIndex >= 0 && layers[hoverIndex]) layers[hoverIndex].setStyle(baseStyle(hoverIndex));
    hoverIndex = f;
    var text = style && style.tooltips ? style.tooltips[f] : null;
    tooltipEl.textContent = text || (current ? current.frame.codes[f] : "");
    tooltipEl.style.display = "block";
    layers[f].setStyle({ color: "#333333", weight: 2 });
  }

  function hideTooltip() {
    if (hoverIndex >= 0 && layers[hoverIndex]) layers[hoverIndex].setStyle(baseStyle(hoverIndex));
    hoverIndex = -1;
    if (tooltipEl) tooltipEl.style.display = "none";
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

  function drawMarkers(markers) {
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
    if (lineGroup) map.removeLayer(lineGroup);
    lineGroup = null;
    stats.lines = 0;
    if (!lines || !lines.length) return;
    lineGroup = L.featureGroup();
    lines.forEach(function (ln) {
      var pl = L.polyline(ln.coords, {
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
      stats.drawn = layers.length;
      stats.lastDrawMs = performance.now() - t0;
      stats.drawnAt = Date.now();
      stats.seq += 1;
      root.dataset.drawn = String(layers.length);
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
    getGeometry(args.geometry)
      .then(function (entry) {
        if (token !== renderToken) return;
        if (entry !== current) buildAreas(entry);
        applyStyle(args.style || { palette: [], fill: [], tooltips: [], legend: [] });
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

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "streamlit:render") return;
    onRender(data.args || {});
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();

// map.js: the drill's geography and the units on a latitude/longitude map
// (Leaflet, no tile layer: the page needs no network). A graticule is drawn
// as polylines; points, areas (polygons, circles of radius_nm), planned
// routes and ship tracks from the data; a time slider places every unit:
// ships along their tracks (interpolated between track points), aircraft at
// their base (a point, or a ship's position when the base is a ship), or at
// the task's position while an on-station activity of theirs is going on.
// Vector layers are drawn on one canvas (preferCanvas).
'use strict';
(function () {
  const R = window.DrillReport;
  const NM = 1852;
  const POINT_COLOURS = { airfield: '#6d4c41', carrier: '#283593', port: '#00695c', depot: '#8d6e00', point: '#455a64' };

  function positionOnTrack(points, t) {
    if (!points || !points.length) return null;
    if (t <= points[0][0]) return [points[0][1], points[0][2]];
    const i = R.lastAtOrBefore(points, t, p => p[0]);
    const a = points[i];
    const b = points[i + 1];
    if (!b) return [a[1], a[2]];
    const share = (t - a[0]) / Math.max(1, b[0] - a[0]);
    return [a[1] + (b[1] - a[1]) * share, a[2] + (b[2] - a[2]) * share];
  }

  class DrillMap {
    constructor(element, model) {
      this.element = element;
      this.model = model;
      this.map = L.map(element, { preferCanvas: true, attributionControl: false, zoomSnap: 0.25, worldCopyJump: false });
      this.unitMarkers = [];
      this.staticLayers = L.layerGroup().addTo(this.map);
      this.trackLayers = L.layerGroup().addTo(this.map);
      this.unitLayer = L.layerGroup().addTo(this.map);
      this.slider = document.getElementById('map-time');
      this.label = document.getElementById('map-time-label');
      this.playButton = document.getElementById('map-play');
      this.drawStatic();
      this.docVersion = model.versions.doc;
      this.drawTracks();
      this.fit();
      this.drawGraticule();
      this.indexStations();
      this.setUpSlider();
      this.place(Number(this.slider.value));
    }

    // Every position the data names, for the initial view and the graticule
    // (a running box: tracks may hold hundreds of thousands of points).
    bounds() {
      const doc = this.model.doc;
      let south = Infinity, north = -Infinity, west = Infinity, east = -Infinity;
      const add = (lat, lon) => {
        if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
        if (lat < south) south = lat;
        if (lat > north) north = lat;
        if (lon < west) west = lon;
        if (lon > east) east = lon;
      };
      for (const p of doc.geography.points) if (p.position) add(p.position[0], p.position[1]);
      for (const a of doc.geography.areas) {
        if (a.vertices) for (const v of a.vertices) add(v[0], v[1]);
        if (a.centre) {
          const dLat = (a.radius_nm || 0) / 60;
          const dLon = dLat / Math.max(0.1, Math.cos(a.centre[0] * Math.PI / 180));
          add(a.centre[0] - dLat, a.centre[1] - dLon);
          add(a.centre[0] + dLat, a.centre[1] + dLon);
        }
      }
      for (const r of doc.geography.routes) for (const p of r.points) add(p[0], p[1]);
      for (const t of doc.tracks) for (const p of t.points) add(p[1], p[2]);
      for (const t of doc.plan.tasks) if (t.position) add(t.position[0], t.position[1]);
      if (south > north) return L.latLngBounds([[-10, -10], [10, 10]]);
      return L.latLngBounds([[south, west], [north, east]]);
    }

    fit() {
      this.dataBounds = this.bounds();
      this.map.fitBounds(this.dataBounds.pad(0.08));
    }

    drawGraticule() {
      const b = this.dataBounds;
      const extent = Math.max(b.getNorth() - b.getSouth(), b.getEast() - b.getWest());
      const step = extent > 60 ? 10 : extent > 25 ? 5 : extent > 10 ? 2 : extent > 4 ? 1 : 0.5;
      document.getElementById('graticule-step').textContent = String(step);
      // Well past the data, so panning does not run off the lines at once.
      const pad = step * 12;
      const south = Math.max(-85, Math.floor((b.getSouth() - pad) / step) * step);
      const north = Math.min(85, Math.ceil((b.getNorth() + pad) / step) * step);
      const west = Math.max(-180, Math.floor((b.getWest() - 2 * pad) / step) * step);
      const east = Math.min(180, Math.ceil((b.getEast() + 2 * pad) / step) * step);
      const style = { color: '#8aa0b8', weight: 0.6, opacity: 0.8, interactive: false };
      const layer = L.layerGroup();
      for (let lat = south; lat <= north + 1e-9; lat += step) {
        const line = [];
        for (let lon = west; lon <= east + 1e-9; lon += step) line.push([lat, lon]);
        layer.addLayer(L.polyline(line, style));
      }
      for (let lon = west; lon <= east + 1e-9; lon += step) {
        layer.addLayer(L.polyline([[south, lon], [north, lon]], style));
      }
      layer.addTo(this.map);
      layer.eachLayer(l => l.bringToBack && l.bringToBack());
      this.graticule = layer;
      this.element.dataset.graticuleLines = String(layer.getLayers().length);
    }

    drawStatic() {
      const doc = this.model.doc;
      const layers = this.staticLayers;
      for (const a of doc.geography.areas) {
        const style = { color: '#5c6bc0', weight: 1.5, fillOpacity: 0.12 };
        let shape = null;
        if (a.shape === 'circle' && a.centre) shape = L.circle(a.centre, Object.assign({ radius: (a.radius_nm || 0) * NM }, style));
        else if (a.vertices && a.vertices.length) shape = L.polygon(a.vertices, style);
        if (shape) layers.addLayer(shape.bindTooltip(a.name + ' (area)'));
      }
      for (const route of doc.geography.routes) {
        if (!route.points || route.points.length < 2) continue;
        layers.addLayer(L.polyline(route.points, { color: '#7e57c2', weight: 1.5, dashArray: '6 5', opacity: 0.8 })
          .bindTooltip('planned route of ' + route.unit));
      }
      for (const p of doc.geography.points) {
        layers.addLayer(L.circleMarker(p.position, { radius: 5, color: POINT_COLOURS[p.kind] || '#455a64', weight: 2, fillOpacity: 0.3 })
          .bindTooltip(p.name + ' (' + (p.kind || 'point') + ')'));
      }
      for (const t of doc.plan.tasks) {
        if (!t.position) continue;
        layers.addLayer(L.circleMarker(t.position, { radius: 4, color: R.OUTCOME_COLOURS[t.outcome] || '#888', weight: 1, fillOpacity: 0.8 })
          .bindTooltip('task ' + t.name + ': ' + (R.OUTCOME_TEXT[t.outcome] || t.outcome)));
      }
    }

    drawTracks() {
      const doc = this.model.doc;
      this.trackLayers.clearLayers();
      for (const track of doc.tracks) {
        if (!track.points || track.points.length < 2) continue;
        const unit = doc.units[track.unit];
        // The line is drawn from at most about 400 of the track's points (a
        // stride, with the last kept): more are finer than the map shows, and
        // each costs projecting. Units are placed from every point.
        const stride = Math.max(1, Math.ceil(track.points.length / 400));
        const line = [];
        for (let i = 0; i < track.points.length; i += stride) line.push([track.points[i][1], track.points[i][2]]);
        const last = track.points[track.points.length - 1];
        if ((track.points.length - 1) % stride) line.push([last[1], last[2]]);
        this.trackLayers.addLayer(L.polyline(line, { color: '#1565c0', weight: 1.2, opacity: 0.55 })
          .bindTooltip('track of ' + (unit ? unit.name : 'unit ' + track.unit)));
      }
      this.tracksVersion = this.model.versions.tracks;
    }

    // Each unit's on-station rows, by start, for placing aircraft.
    indexStations() {
      const model = this.model;
      const kind = model.doc.activity_kinds.indexOf('on_station');
      this.stations = model.doc.units.map((unit, i) => {
        if (kind < 0) return [];
        return model.rowsByUnit[i].filter(id => model.doc.activities[id][1] === kind && model.doc.activities[id][4]);
      });
      this.stationVersion = model.versions.activities + ':' + model.versions.units;
    }

    // A named place (a point, a unit, a squadron, an area, a task) at time t.
    placeOf(name, t, depth) {
      depth = depth || 0;
      if (!name || depth > 4) return null;
      const model = this.model;
      const task = model.taskByName.get(name);
      if (task) return task.position || this.placeOf(task.location, t, depth + 1);
      let unitIndex = model.unitByName.get(name);
      if (unitIndex === undefined) unitIndex = model.firstOfGroup.get(name);
      if (unitIndex !== undefined) {
        const at = this.positionOf(unitIndex, t, depth + 1).at;
        if (at) return at;
      }
      const point = model.pointByName.get(name);
      if (point) return point.position;
      const area = model.areaByName.get(name);
      if (area) {
        if (area.centre) return area.centre;
        if (area.vertices && area.vertices.length) {
          let lat = 0, lon = 0;
          for (const v of area.vertices) { lat += v[0]; lon += v[1]; }
          return [lat / area.vertices.length, lon / area.vertices.length];
        }
      }
      return null;
    }

    // Where a unit is at time t: on its track; on station at a task; at its
    // base; for an entry that is a network node (an operations cell, a
    // radio), where its host is; else at the start of its planned route.
    positionOf(unitIndex, t, depth) {
      depth = depth || 0;
      const model = this.model;
      const doc = model.doc;
      const unit = doc.units[unitIndex];
      const track = model.trackByUnit.get(unitIndex);
      if (track && track.points.length) return { at: positionOnTrack(track.points, t), station: null };
      if (depth > 4) return { at: null, station: null };
      const stations = this.stations[unitIndex] || [];
      const i = R.lastAtOrBefore(stations, t, id => doc.activities[id][2]);
      for (let j = i; j >= 0 && j > i - 4; --j) {
        const rec = doc.activities[stations[j]];
        if (model.endOf(rec) >= t) {
          const at = this.placeOf(rec[4], t, depth + 1);
          if (at) return { at: at, station: rec[4] };
        }
      }
      if (unit.base) {
        const at = this.placeOf(unit.base, t, depth + 1);
        if (at) return { at: at, station: null };
      }
      const node = model.nodeByName.get(unit.name);
      if (node && node.host && node.host !== unit.name) {
        const at = this.placeOf(node.host, t, depth + 1);
        if (at) return { at: at, station: null };
      }
      const point = model.pointByName.get(unit.name);
      if (point) return { at: point.position, station: null };
      const route = doc.geography.routes.find(r => r.unit === unit.name);
      if (route && route.points.length) return { at: route.points[0], station: null };
      return { at: null, station: null };
    }

    setUpSlider() {
      // Any value: a stepped slider would snap the run's time below itself
      // and stop following it.
      this.slider.step = 'any';
      this.updateSliderRange();
      this.slider.value = this.slider.max;
      this.slider.addEventListener('input', () => this.place(Number(this.slider.value)));
      this.playButton.addEventListener('click', () => this.togglePlay());
    }

    updateSliderRange() {
      const run = this.model.doc.run;
      const end = run.status === 'running' || run.status === 'paused' ? this.model.nowUs() : this.model.horizonUs();
      const follow = Number(this.slider.value) >= Number(this.slider.max);
      this.slider.min = '0';
      this.slider.max = String(end);
      if (follow) this.slider.value = String(end);
    }

    togglePlay() {
      if (this.playing) { this.playing = false; this.playButton.textContent = 'Play'; return; }
      this.playing = true;
      this.playButton.textContent = 'Pause';
      if (Number(this.slider.value) >= Number(this.slider.max)) this.slider.value = '0';
      const span = Number(this.slider.max);
      let last = performance.now();
      const tick = now => {
        if (!this.playing) return;
        // The whole drill in 30 s of wall time.
        const t = Math.min(span, Number(this.slider.value) + (now - last) / 30000 * span);
        last = now;
        this.slider.value = String(t);
        this.place(t);
        if (t >= span) { this.playing = false; this.playButton.textContent = 'Play'; return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }

    place(t) {
      const doc = this.model.doc;
      if (this.onTime) this.onTime(t);
      this.label.textContent = R.formatTime(t, doc);
      let placed = 0;
      for (let i = 0; i < doc.units.length; ++i) {
        const where = this.positionOf(i, t);
        let marker = this.unitMarkers[i];
        if (!where.at) { if (marker) { this.unitLayer.removeLayer(marker); this.unitMarkers[i] = null; } continue; }
        const unit = doc.units[i];
        if (!marker) {
          const style = unit.kind === 'ship' ? { radius: 6, color: '#0d47a1', fillColor: '#42a5f5' }
            : unit.kind === 'aircraft' ? { radius: 4, color: '#e65100', fillColor: '#ffb74d' }
            : { radius: 3, color: '#4a148c', fillColor: '#ce93d8' };
          marker = L.circleMarker(where.at, Object.assign({ weight: 2, fillOpacity: 0.9 }, style));
          marker.bindTooltip('');
          this.unitLayer.addLayer(marker);
          this.unitMarkers[i] = marker;
        } else {
          marker.setLatLng(where.at);
        }
        marker.setTooltipContent(unit.name + ' (' + ([unit.kind, unit.class].filter(Boolean).join(', ') || 'network node') + ')' +
          (where.station ? ' on station: ' + where.station : ''));
        ++placed;
      }
      this.element.dataset.markers = String(placed);
      this.element.dataset.unplaced = String(doc.units.length - placed);
    }

    refresh() {
      if (this.docVersion !== this.model.versions.doc) {
        this.docVersion = this.model.versions.doc;
        this.staticLayers.clearLayers();
        this.drawStatic();
      }
      if (this.tracksVersion !== this.model.versions.tracks) this.drawTracks();
      if (this.stationVersion !== this.model.versions.activities + ':' + this.model.versions.units) this.indexStations();
      this.updateSliderRange();
      this.place(Number(this.slider.value));
    }
  }
  R.DrillMap = DrillMap;
})();

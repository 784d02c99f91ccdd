extension DocsPage {
    /// The page's script.
    ///
    /// Reads the embedded data, fills the filters, renders the grouped list and a node's page
    /// (`#node=<unique id>`). Every value from the project goes through `esc` or the Markdown renderer, which
    /// escapes first and then adds only its own tags.
    static let script = #"""
        (function () {
        "use strict";
        var data = JSON.parse(document.getElementById("strata-data").textContent);
        var nodes = data.nodes || [];
        var byId = {};
        nodes.forEach(function (n) { byId[n.unique_id] = n; });
        var $ = function (id) { return document.getElementById(id); };

        function esc(s) {
          return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
          });
        }

        // Markdown subset: paragraphs, headings, lists, fenced and inline code, bold, italic, links.
        function inline(text) {
          var codes = [];
          var s = esc(text).replace(/`([^`]+)`/g, function (_, c) { codes.push(c); return "\u0000" + (codes.length - 1) + "\u0000"; });
          s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/__([^_]+)__/g, "<strong>$1</strong>");
          s = s.replace(/\*([^*]+)\*/g, "<em>$1</em>").replace(/(^|\W)_([^_]+)_(?=\W|$)/g, "$1<em>$2</em>");
          s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (_, label, url) {
            var safe = /^(https?:|mailto:|#|\.{0,2}\/|[\w.-]+(\/|$))/i.test(url) && !/^\s*javascript:/i.test(url);
            return safe ? '<a href="' + url + '">' + label + "</a>" : label;
          });
          return s.replace(/\u0000(\d+)\u0000/g, function (_, i) { return "<code>" + codes[+i] + "</code>"; });
        }
        function markdown(text) {
          var lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
          var out = [], para = [], list = null, i = 0;
          function flush() {
            if (para.length) { out.push("<p>" + inline(para.join(" ")) + "</p>"); para = []; }
            if (list) { out.push("<" + list.tag + ">" + list.items.map(function (it) { return "<li>" + inline(it) + "</li>"; }).join("") + "</" + list.tag + ">"); list = null; }
          }
          for (; i < lines.length; i++) {
            var line = lines[i], m;
            if (/^\s*```/.test(line)) {
              flush();
              var code = [];
              for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
              out.push("<pre><code>" + esc(code.join("\n")) + "</code></pre>");
            } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
              flush();
              var level = Math.min(6, m[1].length + 2);
              out.push("<h" + level + ">" + inline(m[2]) + "</h" + level + ">");
            } else if ((m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line))) {
              var tag = /\d/.test(m[1]) ? "ol" : "ul";
              if (para.length || (list && list.tag !== tag)) flush();
              if (!list) list = { tag: tag, items: [] };
              list.items.push(m[2]);
            } else if (/^\s*$/.test(line)) {
              flush();
            } else if (list && /^\s+/.test(line)) {
              list.items[list.items.length - 1] += " " + line.trim();
            } else {
              if (list) flush();
              para.push(line.trim());
            }
          }
          flush();
          return out.join("\n");
        }

        var KEYWORDS = new Set(("select from where and or not in is null as on join left right inner outer full cross " +
          "group by order having limit offset union all distinct case when then else end with insert into update " +
          "delete create table view materialized replace if exists over partition rows range between like ilike cast " +
          "coalesce count sum avg min max asc desc true false interval using lateral filter window qualify values " +
          "except intersect returning set default primary key references").split(" "));
        function highlight(sql) {
          var re = /(--[^\n]*|\/\*[\s\S]*?\*\/|\{#[\s\S]*?#\})|('(?:[^']|'')*'?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/g;
          var out = "", m;
          while ((m = re.exec(sql || "")) !== null) {
            if (m[1]) out += '<span class="com">' + esc(m[1]) + "</span>";
            else if (m[2]) out += '<span class="str">' + esc(m[2]) + "</span>";
            else if (m[3]) out += '<span class="num">' + esc(m[3]) + "</span>";
            else if (m[4]) out += KEYWORDS.has(m[4].toLowerCase()) ? '<span class="kw">' + esc(m[4]) + "</span>" : esc(m[4]);
            else out += esc(m[5]);
          }
          return out;
        }

        function fillSelect(id, values) {
          var select = $(id);
          values.sort().forEach(function (v) {
            var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o);
          });
        }
        function unique(list) { return Array.from(new Set(list)); }
        fillSelect("filter-type", unique(nodes.map(function (n) { return n.resource_type; })));
        fillSelect("filter-schema", unique(nodes.map(function (n) { return n.schema; })));
        fillSelect("filter-tag", unique([].concat.apply([], nodes.map(function (n) { return n.tags; }))));
        $("project").textContent = (data.metadata && data.metadata.project_name) || "";

        function matches(n, q, type, schema, tag) {
          if (type && n.resource_type !== type) return false;
          if (schema && n.schema !== schema) return false;
          if (tag && n.tags.indexOf(tag) < 0) return false;
          if (!q) return true;
          var hay = [n.name, n.unique_id, n.relation, n.path, n.description].concat(n.tags)
            .concat(n.columns.map(function (c) { return c.name + " " + (c.description || ""); })).join(" ").toLowerCase();
          return q.split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
        }
        // Routes: #node=<unique id>[&column=<name>], #search=<words>.
        function hashParams() {
          var out = {};
          location.hash.replace(/^#/, "").split("&").forEach(function (part) {
            var cut = part.indexOf("=");
            if (cut > 0) out[part.slice(0, cut)] = decodeURIComponent(part.slice(cut + 1));
          });
          return out;
        }
        function currentId() { return hashParams().node || null; }
        function nodeHref(id, column) {
          return "#node=" + encodeURIComponent(id) + (column ? "&column=" + encodeURIComponent(column) : "");
        }
        function label(id) { var n = byId[id]; return n ? (n.relation || n.name) : id; }
        function link(id) { return '<a href="' + nodeHref(id) + '">' + esc(label(id)) + "</a>"; }
        function groupKeys(n, by) {
          if (by === "tag") return n.tags.length ? n.tags : ["(no tag)"];
          if (by === "folder") { var cut = n.path.lastIndexOf("/"); return [cut > 0 ? n.path.slice(0, cut) : "(project root)"]; }
          return [n.schema];
        }
        function renderList() {
          var q = $("search").value.trim().toLowerCase();
          var type = $("filter-type").value, schema = $("filter-schema").value, tag = $("filter-tag").value;
          var groups = {}, shown = 0, current = currentId(), by = $("group-by").value;
          nodes.forEach(function (n) {
            if (!matches(n, q, type, schema, tag)) return;
            groupKeys(n, by).forEach(function (key) { (groups[key] = groups[key] || []).push(n); });
            shown++;
          });
          $("count").textContent = shown + " of " + nodes.length + " nodes";
          $("list").innerHTML = Object.keys(groups).sort().map(function (schema) {
            return '<div class="group"><h3>' + esc(schema) + "</h3>" + groups[schema].map(function (n) {
              return '<a href="#node=' + encodeURIComponent(n.unique_id) + '"' + (n.unique_id === current ? ' class="current"' : "") +
                '><span class="badge">' + esc(n.resource_type) + "</span>" + esc(n.name) + "</a>";
            }).join("") + "</div>";
          }).join("");
        }

        function props(n) {
          var rows = [["type", n.resource_type], ["relation", n.relation], ["materialized", n.materialized],
            ["owner", n.owner], ["path", n.path], ["package", n.package], ["tags", n.tags.join(", ")]];
          if (n.source) rows.push(["loader", n.source.loader], ["loaded_at_field", n.source.loaded_at_field],
            ["freshness", n.source.freshness ? JSON.stringify(n.source.freshness) : null]);
          if (n.tests.length) rows.push(["tests", n.tests.join(", ")]);
          if (n.warehouse) rows.push(["in warehouse", n.warehouse.exists ? (n.warehouse.kind || "yes").replace("_", " ") : "missing"]);
          if (n.state) {
            rows.push(["build status", n.state.status + (n.state.reason ? " (" + n.state.reason + ")" : "")]);
            if (n.state.built_at) rows.push(["last built", n.state.built_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")]);
            if (n.state.duration != null) rows.push(["build duration", n.state.duration.toFixed(3) + " s"]);
            if (n.state.rows != null) rows.push(["rows written", String(n.state.rows)]);
            if (n.state.git_commit) rows.push(["git commit", n.state.git_commit.slice(0, 12)]);
          }
          if (n.freshness_result) {
            var f = n.freshness_result;
            rows.push(["freshness status", f.status + (f.age_seconds != null ? ", newest row " + ago(f.age_seconds) + " old" : "") + (f.error ? ": " + f.error : "")]);
            if (f.snapshotted_at) rows.push(["freshness checked", f.snapshotted_at.replace("T", " ").replace(/\.\d+Z$/, " UTC")]);
          }
          return '<dl class="props">' + rows.filter(function (r) { return r[1]; }).map(function (r) {
            return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>";
          }).join("") + "</dl>";
        }
        function ago(seconds) {
          var s = Math.max(0, Math.round(seconds)), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
          return d ? d + "d " + h + "h" : h ? h + "h " + m + "m" : m ? m + "m " + (s % 60) + "s" : s + "s";
        }
        function columns(n, selected) {
          if (!n.columns.length) return '<p class="empty">No known columns.</p>';
          return '<table class="columns"><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th><th>Upstream</th></tr>' + n.columns.map(function (c) {
            var type = c.catalog_type || c.data_type || "";
            var declared = c.data_type && c.catalog_type && c.data_type.toLowerCase() !== c.catalog_type.toLowerCase() ? " <span class=\"empty\">(declared " + esc(c.data_type) + ")</span>" : "";
            var upstream = (c.lineage || []).map(function (e) { return esc(shortColumn(edge(e))); }).join(", ");
            if (c.unresolved && c.unresolved.length) upstream += (upstream ? "; " : "") + '<span class="empty">unresolved</span>';
            return '<tr data-column="' + esc(c.name) + '"' + (c.name === selected ? ' class="current"' : "") + '><td><a class="column-link" href="' +
              nodeHref(n.unique_id, c.name) + '"><code>' + esc(c.name) + "</code></a></td><td>" + esc(type) + declared + "</td><td>" +
              markdown(c.description) + "</td><td>" + esc((c.tests || []).join(", ")) + "</td><td>" + upstream + "</td></tr>";
          }).join("") + "</table>";
        }
        // A lineage edge as the data holds it: [node, column, kind] and `true` for a relation outside the project.
        function edge(e) { return { node: e[0], column: e[1], kind: e[2], external: e[3] === true }; }
        function shortColumn(e) { return (e.external ? e.node : label(e.node)) + "." + e.column; }
        function neighbours(title, ids) {
          return "<h3>" + title + "</h3>" + (ids.length ? "<ul>" + ids.map(function (id) { return "<li>" + link(id) + "</li>"; }).join("") + "</ul>" : '<p class="empty">None.</p>');
        }
        function renderNode(n, column) {
          var html = "<h1>" + esc(n.relation || n.name) + "</h1>" + props(n);
          html += "<h2>Description</h2>" + (n.description ? markdown(n.description) : '<p class="empty">No description.</p>');
          if (n.source && n.source.source_description) html += "<h3>Source</h3>" + markdown(n.source.source_description);
          html += "<h2>Columns</h2>" + columns(n, column);
          if (column) html += columnLineage(n, column);
          if (n.lineage_notes && n.lineage_notes.length) html += '<p class="empty">Column lineage: ' + esc(n.lineage_notes.join("; ")) + "</p>";
          html += '<h2>Lineage</h2><div class="graph-controls">upstream <select id="depth-up"></select> downstream <select id="depth-down"></select>' +
            ' <button id="graph-reset" type="button">reset view</button> <span id="graph-note" class="empty"></span></div>' +
            '<div id="lineage-graph"></div>';
          html += '<div class="neighbours">' + neighbours("Parents", n.parents) + neighbours("Children", n.children) + "</div>";
          if (n.code_chunk != null) html += '<div id="sql">' + (code[n.unique_id] ? sqlHTML(code[n.unique_id]) : '<p class="empty">Loading SQL…</p>') + "</div>";
          else if (n.raw_code) html += '<div id="sql">' + sqlHTML(n) + "</div>";
          return html;
        }
        function sqlHTML(c) {
          var html = c.raw_code ? "<h2>SQL</h2><h3>Raw</h3><pre><code>" + highlight(c.raw_code) + "</code></pre>" : "";
          if (c.compiled_code) html += "<h3>Compiled</h3><pre><code>" + highlight(c.compiled_code) + "</code></pre>";
          return html;
        }

        // SQL lives in chunk scripts next to the page, loaded on first use (a <script src> works from file://).
        var code = {}, requested = {};
        window.strataCode = function (chunk) {
          Object.keys(chunk).forEach(function (id) { code[id] = chunk[id]; });
          var id = currentId(), box = $("sql");
          if (box && id && chunk[id]) box.innerHTML = sqlHTML(chunk[id]);
        };
        function loadCode(n) {
          if (n.code_chunk == null || code[n.unique_id] || requested[n.code_chunk]) return;
          requested[n.code_chunk] = true;
          var script = document.createElement("script");
          script.src = "code/" + n.code_chunk + ".js";
          script.onerror = function () {
            requested[n.code_chunk] = false;
            var box = $("sql");
            if (box) box.innerHTML = '<p class="empty">SQL not found: code/' + n.code_chunk + ".js is missing next to this page.</p>";
          };
          document.head.appendChild(script);
        }
        function renderOverview() {
          var counts = {};
          nodes.forEach(function (n) { counts[n.resource_type] = (counts[n.resource_type] || 0) + 1; });
          return "<h1>" + esc((data.metadata && data.metadata.project_name) || "Project") + "</h1><p>" +
            Object.keys(counts).sort().map(function (t) { return esc(counts[t] + " " + t + (counts[t] === 1 ? "" : "s")); }).join(", ") +
            "</p>" + statusSummary() + (data.metadata && data.metadata.generated_at ? "<p class=\"empty\">Generated " + esc(data.metadata.generated_at) + "</p>" : "");
        }
        function statusSummary() {
          var w = (data.metadata && data.metadata.warehouse) || {};
          if (w.note) return '<p class="empty">Without the warehouse: ' + esc(w.note) + ".</p>";
          var counts = {};
          nodes.forEach(function (n) { if (n.state) counts[n.state.status] = (counts[n.state.status] || 0) + 1; });
          var keys = Object.keys(counts).sort();
          return keys.length ? "<p>Build state: " + keys.map(function (k) { return esc(counts[k] + " " + k); }).join(", ") + "</p>" : "";
        }

        // Column lineage: the direct upstream edges are in the data; walk them (and the reverse index, built on
        // first use) for the transitive picture.
        var readersIndex = null;
        function readersOf(nodeId, column) {
          if (!readersIndex) {
            readersIndex = {};
            nodes.forEach(function (n) {
              n.columns.forEach(function (c) {
                (c.lineage || []).forEach(function (raw) {
                  var e = edge(raw), key = e.node + "\u0000" + e.column.toLowerCase();
                  (readersIndex[key] = readersIndex[key] || []).push({ node: n.unique_id, column: c.name, kind: e.kind });
                });
              });
            });
          }
          return readersIndex[nodeId + "\u0000" + column.toLowerCase()] || [];
        }
        function upstreamOf(nodeId, column) {
          var n = byId[nodeId];
          if (!n) return null;
          var c = n.columns.filter(function (x) { return x.name.toLowerCase() === column.toLowerCase(); })[0];
          return c ? c : null;
        }
        // At most `budget.left` columns per tree: a staging column can feed thousands of columns downstream.
        function columnTree(nodeId, column, direction, depth, seen, budget) {
          var key = nodeId + "." + column.toLowerCase();
          if (seen[key] || depth > 25) return "";
          seen[key] = true;
          var edges = [];
          if (direction === "up") {
            var c = upstreamOf(nodeId, column);
            edges = c ? (c.lineage || []).map(edge) : [];
            if (c && c.unresolved && c.unresolved.length) edges.push({ unresolved: c.unresolved.join("; ") });
          } else {
            edges = readersOf(nodeId, column);
          }
          if (!edges.length) return "";
          return "<ul>" + edges.map(function (e) {
            if (budget.left <= 0) { budget.hidden++; return ""; }
            budget.left--;
            if (e.unresolved) return '<li class="empty">unresolved: ' + esc(e.unresolved) + "</li>";
            var name = e.external ? esc(e.node + "." + e.column) + ' <span class="badge">external</span>'
              : '<a class="lineage-column" href="' + nodeHref(e.node, e.column) + '">' + esc(label(e.node) + "." + e.column) + "</a>";
            return "<li>" + name + ' <span class="badge">' + esc(e.kind) + "</span>" +
              (e.external ? "" : columnTree(e.node, e.column, direction, depth + 1, seen, budget)) + "</li>";
          }).join("") + "</ul>";
        }
        function columnLineage(n, column) {
          function tree(direction) {
            var budget = { left: 300, hidden: 0 }, html = columnTree(n.unique_id, column, direction, 0, {}, budget);
            return html + (budget.hidden ? '<p class="empty">… and ' + budget.hidden + " more edges not shown.</p>" : "");
          }
          var up = tree("up"), down = tree("down");
          return '<div id="column-lineage"><h3>Lineage of <code>' + esc(column) + "</code></h3>" +
            '<div class="lineage-panes"><div id="column-upstream"><h4>Upstream (derives from)</h4>' + (up || '<p class="empty">No upstream columns known.</p>') +
            '</div><div id="column-downstream"><h4>Downstream (read by)</h4>' + (down || '<p class="empty">No downstream columns.</p>') + "</div></div></div>";
        }

        // Lineage graph: the focused node's neighbourhood, upstream and downstream to a chosen depth, laid out
        // in columns by distance. Only the neighbourhood is drawn, so it stays fast on any project size.
        var graphDepth = { up: 2, down: 2 };
        var MAX_PER_LAYER = 40;
        function neighbourhood(focus, upDepth, downDepth) {
          var layer = {}, order = [focus], hidden = 0;
          layer[focus] = 0;
          function walk(direction, limit) {
            var frontier = [focus], level = 0;
            while (frontier.length && level < limit) {
              level++;
              var next = [], count = 0;
              frontier.forEach(function (id) {
                var n = byId[id];
                var ids = n ? (direction < 0 ? n.parents : n.children) : [];
                ids.forEach(function (other) {
                  if (layer[other] !== undefined) return;
                  if (count >= MAX_PER_LAYER) { hidden++; return; }
                  layer[other] = direction * level; order.push(other); next.push(other); count++;
                });
              });
              frontier = next;
            }
          }
          walk(-1, upDepth);
          walk(1, downDepth);
          return { layer: layer, ids: order, hidden: hidden };
        }
        function drawGraph(n) {
          var box = $("lineage-graph");
          if (!box) return;
          [["depth-up", "up"], ["depth-down", "down"]].forEach(function (pair) {
            var select = $(pair[0]);
            select.innerHTML = ["0", "1", "2", "3", "5", "all"].map(function (v) {
              var value = v === "all" ? 1e9 : +v;
              return '<option value="' + value + '"' + (value === graphDepth[pair[1]] ? " selected" : "") + ">" + v + "</option>";
            }).join("");
            select.onchange = function () { graphDepth[pair[1]] = +select.value; drawGraph(n); };
          });
          var hood = neighbourhood(n.unique_id, graphDepth.up, graphDepth.down);
          var columnsByLayer = {};
          hood.ids.forEach(function (id) { (columnsByLayer[hood.layer[id]] = columnsByLayer[hood.layer[id]] || []).push(id); });
          var layers = Object.keys(columnsByLayer).map(Number).sort(function (a, b) { return a - b; });
          var W = 190, H = 26, GX = 70, GY = 10, pos = {}, height = 0;
          layers.forEach(function (l, i) {
            var ids = columnsByLayer[l].sort(function (a, b) { return label(a) < label(b) ? -1 : 1; });
            ids.forEach(function (id, j) { pos[id] = { x: i * (W + GX), y: j * (H + GY) }; });
            height = Math.max(height, ids.length * (H + GY));
          });
          layers.forEach(function (l) {
            var ids = columnsByLayer[l], offset = (height - ids.length * (H + GY)) / 2;
            ids.forEach(function (id) { pos[id].y += offset; });
          });
          var width = layers.length * (W + GX);
          var edges = "", boxes = "";
          hood.ids.forEach(function (id) {
            var node = byId[id];
            (node ? node.children : []).forEach(function (child) {
              if (!pos[child]) return;
              var a = pos[id], b = pos[child], x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
              edges += '<path class="edge" d="M' + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2 + '"/>';
            });
            var p = pos[id], type = node ? node.resource_type : "unknown", text = label(id);
            if (text.length > 28) text = text.slice(0, 27) + "…";
            boxes += '<g class="gnode ' + esc(type) + (id === n.unique_id ? " focus" : "") + '" data-id="' + esc(id) + '" transform="translate(' + p.x + "," + p.y + ')">' +
              '<rect width="' + W + '" height="' + H + '" rx="4"/><text x="8" y="17">' + esc(text) + "</text><title>" + esc(label(id) + " (" + type + ")") + "</title></g>";
          });
          box.innerHTML = '<svg id="graph-svg" width="100%" height="' + Math.min(Math.max(height + 20, 120), 520) + '"><g id="graph-view">' + edges + boxes + "</g></svg>";
          $("graph-note").textContent = hood.ids.length + " nodes" + (hood.hidden ? ", " + hood.hidden + " more not shown (over " + MAX_PER_LAYER + " per level)" : "") + " — drag to pan, wheel to zoom, click to open";
          var svg = $("graph-svg"), view = $("graph-view");
          var fit = Math.min(1, (svg.clientWidth || 800) / Math.max(width, 1)), t = { x: 10, y: 10, k: fit };
          function apply() { view.setAttribute("transform", "translate(" + t.x + "," + t.y + ") scale(" + t.k + ")"); }
          apply();
          var drag = null, moved = false;
          svg.onmousedown = function (e) { drag = { x: e.clientX - t.x, y: e.clientY - t.y }; moved = false; };
          svg.onmousemove = function (e) { if (!drag) return; moved = true; t.x = e.clientX - drag.x; t.y = e.clientY - drag.y; apply(); };
          svg.onmouseup = svg.onmouseleave = function () { drag = null; };
          svg.onwheel = function (e) {
            e.preventDefault();
            var r = svg.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
            var k = Math.min(4, Math.max(0.1, t.k * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
            t.x = mx - (mx - t.x) * k / t.k; t.y = my - (my - t.y) * k / t.k; t.k = k; apply();
          };
          svg.onclick = function (e) {
            var g = e.target.closest ? e.target.closest(".gnode") : null;
            if (g && !moved) location.hash = nodeHref(g.getAttribute("data-id"));
          };
          $("graph-reset").onclick = function () { t = { x: 10, y: 10, k: fit }; apply(); };
        }

        function route() {
          var params = hashParams(), id = params.node || null, n = id && byId[id];
          if (params.search != null && $("search").value !== params.search) $("search").value = params.search;
          $("detail").innerHTML = n ? renderNode(n, params.column) : (id ? "<h1>Unknown node</h1><p>" + esc(id) + "</p>" : renderOverview());
          if (n) { drawGraph(n); loadCode(n); }
          renderList();
          if (params.column) {
            var row = document.querySelector('tr[data-column="' + (window.CSS && CSS.escape ? CSS.escape(params.column) : params.column) + '"]');
            if (row && row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
          }
        }
        ["search", "filter-type", "filter-schema", "filter-tag", "group-by"].forEach(function (id) {
          $(id).addEventListener("input", renderList);
        });
        window.addEventListener("hashchange", route);
        route();
        document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
        })();
        """#
}

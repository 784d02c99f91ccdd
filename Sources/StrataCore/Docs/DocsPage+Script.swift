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
            .concat(n.columns.map(function (c) { return c.name + " " + c.description; })).join(" ").toLowerCase();
          return q.split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
        }
        function currentId() {
          var m = /^#node=(.*)$/.exec(location.hash);
          return m ? decodeURIComponent(m[1]) : null;
        }
        function link(id) {
          var n = byId[id];
          var label = n ? (n.relation || n.name) : id;
          return '<a href="#node=' + encodeURIComponent(id) + '">' + esc(label) + "</a>";
        }
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
          return '<dl class="props">' + rows.filter(function (r) { return r[1]; }).map(function (r) {
            return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>";
          }).join("") + "</dl>";
        }
        function columns(n) {
          if (!n.columns.length) return '<p class="empty">No documented columns.</p>';
          return "<table><tr><th>Column</th><th>Type</th><th>Description</th><th>Tests</th></tr>" + n.columns.map(function (c) {
            return "<tr><td><code>" + esc(c.name) + "</code></td><td>" + esc(c.data_type || "") + "</td><td>" +
              markdown(c.description) + "</td><td>" + esc(c.tests.join(", ")) + "</td></tr>";
          }).join("") + "</table>";
        }
        function neighbours(title, ids) {
          return "<h3>" + title + "</h3>" + (ids.length ? "<ul>" + ids.map(function (id) { return "<li>" + link(id) + "</li>"; }).join("") + "</ul>" : '<p class="empty">None.</p>');
        }
        function renderNode(n) {
          var html = "<h1>" + esc(n.relation || n.name) + "</h1>" + props(n);
          html += "<h2>Description</h2>" + (n.description ? markdown(n.description) : '<p class="empty">No description.</p>');
          if (n.source && n.source.source_description) html += "<h3>Source</h3>" + markdown(n.source.source_description);
          html += "<h2>Columns</h2>" + columns(n);
          html += "<h2>Lineage</h2>" + neighbours("Parents", n.parents) + neighbours("Children", n.children);
          // TODO(docs): interactive lineage graph (pan, zoom, depth filter, focused neighbourhood) and warehouse
          // state (column types from the catalog, last build time, duration, status).
          html += '<div class="todo" id="lineage-graph">Lineage graph and warehouse state: not generated yet.</div>';
          if (n.raw_code) html += "<h2>SQL</h2><h3>Raw</h3><pre><code>" + highlight(n.raw_code) + "</code></pre>";
          if (n.compiled_code) html += "<h3>Compiled</h3><pre><code>" + highlight(n.compiled_code) + "</code></pre>";
          return html;
        }
        function renderOverview() {
          var counts = {};
          nodes.forEach(function (n) { counts[n.resource_type] = (counts[n.resource_type] || 0) + 1; });
          return "<h1>" + esc((data.metadata && data.metadata.project_name) || "Project") + "</h1><p>" +
            Object.keys(counts).sort().map(function (t) { return esc(counts[t] + " " + t + (counts[t] === 1 ? "" : "s")); }).join(", ") +
            "</p>" + (data.metadata && data.metadata.generated_at ? "<p class=\"empty\">Generated " + esc(data.metadata.generated_at) + "</p>" : "");
        }
        function route() {
          var id = currentId(), n = id && byId[id];
          $("detail").innerHTML = n ? renderNode(n) : (id ? "<h1>Unknown node</h1><p>" + esc(id) + "</p>" : renderOverview());
          renderList();
        }
        ["search", "filter-type", "filter-schema", "filter-tag", "group-by"].forEach(function (id) {
          $(id).addEventListener("input", renderList);
        });
        window.addEventListener("hashchange", route);
        route();
        })();
        """#
}

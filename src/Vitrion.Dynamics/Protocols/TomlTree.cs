using System.Globalization;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Vitrion.Core;

namespace Vitrion.Dynamics.Protocols;

/// <summary>A TOML value with its 1-based source line (for file:line error messages).</summary>
internal abstract record TomlNode(int Line);

/// <summary>A scalar (long, double, string, bool).</summary>
internal sealed record TomlScalar(object Value, int Line) : TomlNode(Line);

/// <summary>An array.</summary>
internal sealed record TomlList(List<TomlNode> Items, int Line) : TomlNode(Line);

/// <summary>A table: keys in file order with their nodes.</summary>
internal sealed record TomlMap(Dictionary<string, TomlNode> Entries, int Line) : TomlNode(Line)
{
    public HashSet<string> Used { get; } = [];
}

/// <summary>Reads TOML through Tomlyn's syntax tree, keeping line numbers of every key and value.</summary>
internal static class TomlTree
{
    public static TomlMap Parse(string text, string path)
    {
        var doc = SyntaxParser.Parse(text, path);
        if (doc.HasErrors)
        {
            var first = doc.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new InputException(path, first.Span.Start.Line + 1, "TOML syntax error: " + first.Message);
        }

        var root = new TomlMap([], 1);
        foreach (var kv in doc.KeyValues) { Add(root, kv, path); }
        foreach (var table in doc.Tables)
        {
            string name = KeyText(table.Name, path, LineOf(table));
            int line = LineOf(table);
            var map = new TomlMap([], line);
            if (table is TableArraySyntax)
            {
                if (!root.Entries.TryGetValue(name, out var existing))
                {
                    existing = new TomlList([], line);
                    root.Entries[name] = existing;
                }

                if (existing is not TomlList list) { throw new InputException(path, line, $"[[{name}]] conflicts with an earlier '{name}'"); }
                list.Items.Add(map);
            }
            else
            {
                if (root.Entries.ContainsKey(name)) { throw new InputException(path, line, $"table [{name}] is defined twice"); }
                root.Entries[name] = map;
            }

            foreach (var kv in table.Items) { Add(map, kv, path); }
        }

        return root;
    }

    private static int LineOf(SyntaxNodeBase? node) => node is null ? 0 : node.Span.Start.Line + 1;

    private static string KeyText(KeySyntax? key, string path, int line)
    {
        if (key is null) { throw new InputException(path, line, "missing key"); }
        if (key.DotKeys.ChildrenCount > 0) { throw new InputException(path, line, "dotted keys are not supported here; use a [table] or an inline table"); }
        string t = key.Key?.ToString()?.Trim() ?? string.Empty;
        if (t.Length >= 2 && (t[0] == '"' || t[0] == '\'') && t[^1] == t[0]) { t = t[1..^1]; }
        return t;
    }

    private static void Add(TomlMap map, KeyValueSyntax kv, string path)
    {
        int line = LineOf(kv.Key);
        string key = KeyText(kv.Key, path, line);
        if (map.Entries.ContainsKey(key)) { throw new InputException(path, line, $"key '{key}' is given twice"); }
        map.Entries[key] = Convert(kv.Value, path, line);
    }

    private static TomlNode Convert(ValueSyntax? value, string path, int fallbackLine)
    {
        int line = value is null ? fallbackLine : LineOf(value);
        switch (value)
        {
            case IntegerValueSyntax i: return new TomlScalar(i.Value, line);
            case FloatValueSyntax f: return new TomlScalar(f.Value, line);
            case StringValueSyntax s: return new TomlScalar(s.Value ?? string.Empty, line);
            case BooleanValueSyntax b: return new TomlScalar(b.Value, line);
            case ArraySyntax a:
                var items = new List<TomlNode>();
                foreach (var item in a.Items) { items.Add(Convert(item.Value, path, line)); }
                return new TomlList(items, line);
            case InlineTableSyntax t:
                var map = new TomlMap([], line);
                foreach (var item in t.Items)
                {
                    if (item.KeyValue is { } kv) { Add(map, kv, path); }
                }

                return map;
            default:
                throw new InputException(path, line, "unsupported TOML value (expected a number, string, boolean, array or inline table)");
        }
    }
}

/// <summary>Typed access to a <see cref="TomlMap"/> with file:line errors and a check for unknown keys.</summary>
internal sealed class TomlReader(string path, TomlMap map)
{
    public string Path { get; } = path;

    public TomlMap Map { get; } = map;

    public int Line => Map.Line;

    public bool Has(string key) => Map.Entries.ContainsKey(key);

    public TomlNode? Node(string key)
    {
        if (!Map.Entries.TryGetValue(key, out var n)) { return null; }
        Map.Used.Add(key);
        return n;
    }

    public InputException Error(TomlNode? node, string message) => new(Path, node?.Line ?? Line, message);

    public double? Double(string key, double? min = null, double? max = null, bool exclusiveMin = false)
    {
        var n = Node(key);
        if (n is null) { return null; }
        double v = AsDouble(n, key);
        if (min is { } lo && (exclusiveMin ? !(v > lo) : !(v >= lo))) { throw Error(n, FormattableString.Invariant($"'{key}' must be {(exclusiveMin ? ">" : "≥")} {lo} (got {v})")); }
        if (max is { } hi && !(v <= hi)) { throw Error(n, FormattableString.Invariant($"'{key}' must be ≤ {hi} (got {v})")); }
        return v;
    }

    public double AsDouble(TomlNode n, string what) => n is TomlScalar { Value: long l } ? l
        : n is TomlScalar { Value: double d } && double.IsFinite(d) ? d
        : throw Error(n, $"'{what}' must be a number");

    public long? Long(string key, long min = long.MinValue)
    {
        var n = Node(key);
        if (n is null) { return null; }
        if (n is not TomlScalar { Value: long l }) { throw Error(n, $"'{key}' must be an integer"); }
        if (l < min) { throw Error(n, string.Create(CultureInfo.InvariantCulture, $"'{key}' must be ≥ {min} (got {l})")); }
        return l;
    }

    public string? String(string key)
    {
        var n = Node(key);
        if (n is null) { return null; }
        return n is TomlScalar { Value: string s } ? s : throw Error(n, $"'{key}' must be a string");
    }

    public bool? Bool(string key)
    {
        var n = Node(key);
        if (n is null) { return null; }
        return n is TomlScalar { Value: bool b } ? b : throw Error(n, $"'{key}' must be true or false");
    }

    public TomlReader? Table(string key)
    {
        var n = Node(key);
        if (n is null) { return null; }
        return n is TomlMap m ? new TomlReader(Path, m) : throw Error(n, $"'{key}' must be a table");
    }

    public void RejectUnknown(string where)
    {
        foreach (var (k, n) in Map.Entries)
        {
            if (!Map.Used.Contains(k)) { throw Error(n, $"unknown key '{k}' in {where}"); }
        }
    }
}

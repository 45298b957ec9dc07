using Vitrion.Core;

namespace Vitrion.Analysis.Structure;

/// <summary>
/// A group of atoms named by text: one or more terms joined by '+', each term an element symbol (Li, P, S), a
/// type name (S4, Pa, ...) or "*" (all atoms), optionally restricted to an anion class with '@'
/// (PS4, P2S7, P2S6, S for free sulfide, Other) or to bridging S with "@bridging" / terminal S with "@terminal".
/// Examples: "Li", "S", "S@PS4", "S@P2S7+S@P2S6", "P@P2S6", "S@bridging".
/// Type names take precedence over element symbols when both match.
/// </summary>
public sealed record AtomSelector
{
    private readonly (string Name, string? Class)[] _terms;

    private AtomSelector(string text, (string, string?)[] terms)
    {
        Text = text;
        _terms = terms;
    }

    /// <summary>The selector text.</summary>
    public string Text { get; }

    /// <summary>True when a term needs the per-atom anion class (an '@' restriction).</summary>
    public bool NeedsClusters => _terms.Any(t => t.Class is not null);

    /// <summary>Parses a selector; throws <see cref="InputException"/> on malformed text.</summary>
    public static AtomSelector Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) { throw new InputException("empty atom group; use e.g. Li, S, S4 or S@PS4"); }
        var terms = new List<(string, string?)>();
        foreach (string raw in text.Split('+'))
        {
            string t = raw.Trim();
            string? cls = null;
            int at = t.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                cls = t[(at + 1)..].Trim();
                t = t[..at].Trim();
                if (NormaliseClass(cls) is null)
                {
                    throw new InputException($"unknown anion class '{cls}' in atom group '{text}'; use PS4, P2S7, P2S6, S, Other, bridging or terminal");
                }
            }

            if (t.Length == 0) { throw new InputException($"empty term in atom group '{text}'"); }
            terms.Add((t, cls));
        }

        return new AtomSelector(text.Trim(), [.. terms]);
    }

    /// <summary>Parses pairs "A-B,C-D" (each side a selector).</summary>
    public static IReadOnlyList<(AtomSelector A, AtomSelector B)> ParsePairs(string text)
    {
        var list = new List<(AtomSelector, AtomSelector)>();
        foreach (string p in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = p.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2) { throw new InputException($"pair '{p}' must have the form A-B (e.g. Li-S or P-S@PS4)"); }
            list.Add((Parse(parts[0]), Parse(parts[1])));
        }

        if (list.Count == 0) { throw new InputException("no pairs given; use e.g. --pairs Li-S,P-S"); }
        return list;
    }

    private static string? NormaliseClass(string c) => c.ToLowerInvariant() switch
    {
        "ps4" => "PS4",
        "p2s7" => "P2S7",
        "p2s6" => "P2S6",
        "s" or "s2-" or "s(2-)" or "free" => "S",
        "other" => "Other",
        "bridging" or "b" => "bridging",
        "terminal" or "t" => "terminal",
        _ => null,
    };

    /// <summary>
    /// The atoms of the group in a frame as a mask. <paramref name="clusters"/> is needed when <see cref="NeedsClusters"/>.
    /// Throws <see cref="InputException"/> when a name matches no type or element of the frame.
    /// </summary>
    public bool[] Mask(Frame frame, AnionClusterResult? clusters = null)
    {
        var mask = new bool[frame.AtomCount];
        foreach (var (name, cls) in _terms)
        {
            var typeOk = new bool[frame.TypeNames.Length];
            bool any = false;
            if (name == "*")
            {
                Array.Fill(typeOk, true);
                any = true;
            }
            else
            {
                int exact = frame.TypeNames.IndexOf(name);
                if (exact >= 0) { typeOk[exact] = true; any = true; }
                else
                {
                    for (int t = 0; t < typeOk.Length; t++)
                    {
                        if (string.Equals(AtomTypes.ElementOf(frame.TypeNames[t]), name, StringComparison.Ordinal)) { typeOk[t] = true; any = true; }
                    }
                }
            }

            if (!any)
            {
                throw new InputException($"atom group '{name}' matches no type or element; the types are {string.Join(", ", frame.TypeNames)}");
            }

            string? c = cls is null ? null : NormaliseClass(cls);
            if (c is not null && clusters is null) { throw new ArgumentException("this selector needs the anion clusters", nameof(clusters)); }
            for (int i = 0; i < mask.Length; i++)
            {
                if (!typeOk[frame.Types[i]]) { continue; }
                bool ok = c switch
                {
                    null => true,
                    "bridging" => clusters!.Bridging[i],
                    "terminal" => !clusters!.Bridging[i] && clusters.Kind[i] != AnionClusterKind.None && clusters.Kind[i] != AnionClusterKind.S,
                    _ => clusters!.Kind[i].ToString() == c,
                };
                if (ok) { mask[i] = true; }
            }
        }

        return mask;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}

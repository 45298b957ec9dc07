namespace Vitrion.Core;

/// <summary>A known atom type: its name, chemical element, mass [g/mol] and charge [e].</summary>
public sealed record AtomTypeInfo(string Name, string Element, double Mass, double Charge, string Meaning);

/// <summary>
/// The atom types of the Ariga 2022 Li2S–P2S5 force field (names as in parameters.json) and helpers to map
/// type names to elements and to recognise unnamed types of a data file by mass and charge.
/// </summary>
public static class AtomTypes
{
    /// <summary>The Ariga 2022 types (values of parameters.json).</summary>
    public static IReadOnlyList<AtomTypeInfo> Ariga2022 { get; } =
    [
        new("Li", "Li", 6.941, 0.61, "Li+"),
        new("P4", "P", 30.9738, 0.546416, "P of PS4(3-)"),
        new("S4", "S", 32.066, -0.594104, "S of PS4(3-)"),
        new("P2", "P", 30.9738, 0.601676, "P of P2S6(4-)"),
        new("S2", "S", 32.066, -0.6072253333333334, "S of P2S6(4-)"),
        new("Pa", "P", 30.9738, 0.554651, "P of P2S7(4-)"),
        new("S1", "S", 32.066, -0.534525544653106, "terminal S of P2S7(4-)"),
        new("Sc", "S", 32.066, -0.3421487320813638, "bridging S of P2S7(4-)"),
        new("S0", "S", 32.066, -1.22, "free S(2-)"),
    ];

    private static readonly Dictionary<string, double> ElementMasses = new()
    {
        ["H"] = 1.008, ["Li"] = 6.941, ["B"] = 10.81, ["C"] = 12.011, ["N"] = 14.007, ["O"] = 15.999, ["F"] = 18.998,
        ["Na"] = 22.990, ["Mg"] = 24.305, ["Al"] = 26.982, ["Si"] = 28.086, ["P"] = 30.9738, ["S"] = 32.066, ["Cl"] = 35.45,
        ["K"] = 39.098, ["Ca"] = 40.078, ["Ge"] = 72.63, ["Se"] = 78.971, ["Br"] = 79.904, ["I"] = 126.904, ["Cs"] = 132.905,
    };

    /// <summary>The chemical element of a type name: a known force-field type, an element symbol, or the leading letters of the name; null if none fits.</summary>
    public static string? ElementOf(string typeName)
    {
        var known = Ariga2022.FirstOrDefault(t => t.Name == typeName);
        if (known is not null) { return known.Element; }
        if (ElementMasses.ContainsKey(typeName)) { return typeName; }
        if (typeName.Length >= 2 && ElementMasses.ContainsKey(typeName[..2]) && char.IsLower(typeName[1])) { return typeName[..2]; }
        if (typeName.Length >= 1 && ElementMasses.ContainsKey(typeName[..1])) { return typeName[..1]; }
        return null;
    }

    /// <summary>The element whose standard mass is within 0.05 g/mol of <paramref name="mass"/>, or null.</summary>
    public static string? ElementOfMass(double mass) =>
        ElementMasses.Where(kv => Math.Abs(kv.Value - mass) < 0.05).Select(kv => kv.Key).FirstOrDefault();

    /// <summary>Standard atomic mass [g/mol] of an element symbol, or null.</summary>
    public static double? MassOfElement(string element) => ElementMasses.TryGetValue(element, out double m) ? m : null;

    /// <summary>
    /// Names for unnamed types from their mass [g/mol] and the charge [e] of their atoms, when every type matches
    /// exactly one Ariga 2022 type (mass within 0.01, charge within 1e-4); otherwise null.
    /// </summary>
    /// <param name="typeMasses">mass per type.</param>
    /// <param name="typeCharges">charge per type (NaN when the type has no atoms or its atoms differ).</param>
    public static string[]? GuessAriga2022Names(IReadOnlyList<double> typeMasses, IReadOnlyList<double> typeCharges)
    {
        var names = new string[typeMasses.Count];
        for (int t = 0; t < names.Length; t++)
        {
            var matches = Ariga2022.Where(a => Math.Abs(a.Mass - typeMasses[t]) < 0.01 && Math.Abs(a.Charge - typeCharges[t]) < 1e-4).ToList();
            if (matches.Count != 1) { return null; }
            names[t] = matches[0].Name;
        }

        return names.Distinct().Count() == names.Length ? names : null;
    }
}

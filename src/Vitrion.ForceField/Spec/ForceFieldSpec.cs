using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Vitrion.Core;

namespace Vitrion.ForceField.Spec;

/// <summary>An atom type of a force field: name, mass [g/mol], nominal charge [e] and meaning.</summary>
public sealed record AtomTypeSpec(string Name, double Mass, double Charge, string Meaning);

/// <summary>A charge rule: the charge [e] of <paramref name="Type"/> is <paramref name="Expression"/> of other types' charges and constants.</summary>
public sealed record ChargeRule(string Type, string Expression);

/// <summary>9-6 LJ parameters of a type pair: ε [kcal/mol] and σ [Å] (E = ε (2 (σ/r)^9 − 3 (σ/r)^6)).</summary>
public sealed record LjPairSpec(double Epsilon, double Sigma);

/// <summary>Stillinger–Weber triplet parameters of a neighbour pair (j,k) around a centre: λ (dimensionless) and cos θ0.</summary>
public sealed record SwTripletSpec(double Lambda, double CosTheta0);

/// <summary>
/// The Stillinger–Weber three-body term (three-body part only, A = 0): E = Σ_i Σ_{j&lt;k} λ_jk ε (cos θ_jik − cos θ0_jk)²
/// exp(γ_j σ/(r_ij − aσ)) exp(γ_k σ/(r_ik − aσ)), for centres of the listed types and neighbours with a γ.
/// </summary>
public sealed record ThreeBodySpec(
    ImmutableArray<string> Centres,
    double Epsilon,
    double Sigma,
    double A,
    ImmutableDictionary<string, double> Gamma,
    ImmutableDictionary<string, SwTripletSpec> Triplets)
{
    /// <summary>Cutoff aσ [Å].</summary>
    public double Cutoff => A * Sigma;

    /// <summary>The triplet parameters of neighbour types (j, k) in either order, or null.</summary>
    public SwTripletSpec? Triplet(string j, string k) =>
        Triplets.TryGetValue(j + "," + k, out var t) ? t : Triplets.TryGetValue(k + "," + j, out t) ? t : null;
}

/// <summary>class2 bond: E = K2 d² + K3 d³ + K4 d⁴, d = r − r0 (r0 [Å], K [kcal/mol/Å^n]).</summary>
public sealed record BondSpec(double R0, double K2, double K3, double K4);

/// <summary>
/// class2 angle I–J–K (J apex): E = K2 Δθ² + K3 Δθ³ + K4 Δθ⁴ + M (r_ij − r1)(r_jk − r2) + N1 (r_ij − r1') Δθ + N2 (r_jk − r2') Δθ,
/// Δθ = θ − θ0 in radians (θ0 given in degrees), distances in Å, energies in kcal/mol.
/// </summary>
public sealed record AngleSpec(double Theta0Degrees, double K2, double K3, double K4,
    double BbM, double BbR1, double BbR2, double BaN1, double BaN2, double BaR1, double BaR2)
{
    /// <summary>The same angle seen from the other end (K–J–I): r1 ↔ r2 and N1 ↔ N2 swapped.</summary>
    public AngleSpec Reversed() => this with { BbR1 = BbR2, BbR2 = BbR1, BaN1 = BaN2, BaN2 = BaN1, BaR1 = BaR2, BaR2 = BaR1 };
}

/// <summary>
/// class2 dihedral: E = Σ_{n=1..3} K_n (1 − cos(n φ − φ_n)) [kcal/mol], φ_n in degrees, φ with the LAMMPS sign convention.
/// The cross terms (middle-bond/end-bond/angle–torsion, angle–angle–torsion, bond–bond-13) are carried so that
/// a file with non-zero values is rejected rather than silently ignored.
/// </summary>
public sealed record DihedralSpec(ImmutableArray<double> K, ImmutableArray<double> PhiDegrees, ImmutableArray<double> CrossTerms)
{
    /// <summary>True when every cross-term coefficient is zero.</summary>
    public bool HasNoCrossTerms => CrossTerms.All(c => c == 0);
}

/// <summary>
/// An immutable force-field description read from a JSON file (see data/forcefields/ariga2022.json): atom types
/// with masses and charges, charge rules, 9-6 LJ parameters per type pair (lj/class2/coul/long), special-bond
/// factors, the Stillinger–Weber three-body term and class2 bonds, angles and dihedrals named by atom-type
/// sequences ("P2-S2", "S1-Pa-Sc"). Types of a data file are matched by name.
/// </summary>
public sealed class ForceFieldSpec
{
    private readonly ImmutableDictionary<string, LjPairSpec> _lj;

    /// <summary>Creates a spec from its parts (normally use <see cref="Load"/>).</summary>
    public ForceFieldSpec(
        string name,
        ImmutableArray<AtomTypeSpec> types,
        ImmutableDictionary<string, double> chargeConstants,
        ImmutableArray<ChargeRule> chargeRules,
        double ljCutoff,
        double coulombCutoff,
        double coulombConstant,
        ImmutableDictionary<string, LjPairSpec> lj,
        ImmutableArray<double> specialLj,
        ImmutableArray<double> specialCoul,
        ThreeBodySpec? threeBody,
        ImmutableDictionary<string, BondSpec> bonds,
        ImmutableDictionary<string, AngleSpec> angles,
        ImmutableDictionary<string, DihedralSpec> dihedrals,
        string? sourcePath = null)
    {
        Name = name;
        Types = types;
        ChargeConstants = chargeConstants;
        ChargeRules = chargeRules;
        LjCutoff = ljCutoff;
        CoulombCutoff = coulombCutoff;
        CoulombConstant = coulombConstant;
        _lj = lj;
        SpecialLj = specialLj;
        SpecialCoul = specialCoul;
        ThreeBody = threeBody;
        Bonds = bonds;
        Angles = angles;
        Dihedrals = dihedrals;
        SourcePath = sourcePath;
        if (specialLj.Length != 3 || specialCoul.Length != 3)
        {
            throw new InputException(sourcePath, 0, "special_bonds lj and coul need three factors each (1-2, 1-3, 1-4)");
        }

        RuleCharges = EvaluateChargeRules();
    }

    /// <summary>Short name (e.g. "ariga2022").</summary>
    public string Name { get; }

    /// <summary>The file it was read from, if any.</summary>
    public string? SourcePath { get; }

    /// <summary>Atom types.</summary>
    public ImmutableArray<AtomTypeSpec> Types { get; }

    /// <summary>Named constants usable in charge rules (e.g. Z).</summary>
    public ImmutableDictionary<string, double> ChargeConstants { get; }

    /// <summary>Charge rules, applied in order.</summary>
    public ImmutableArray<ChargeRule> ChargeRules { get; }

    /// <summary>Charge [e] of every type after applying the charge rules to the nominal charges.</summary>
    public ImmutableDictionary<string, double> RuleCharges { get; }

    /// <summary>LJ cutoff [Å].</summary>
    public double LjCutoff { get; }

    /// <summary>Real-space Coulomb cutoff [Å].</summary>
    public double CoulombCutoff { get; }

    /// <summary>Coulomb constant [kcal·Å/(mol·e²)].</summary>
    public double CoulombConstant { get; }

    /// <summary>Special-bond LJ factors for 1-2, 1-3, 1-4 neighbours.</summary>
    public ImmutableArray<double> SpecialLj { get; }

    /// <summary>Special-bond Coulomb factors for 1-2, 1-3, 1-4 neighbours.</summary>
    public ImmutableArray<double> SpecialCoul { get; }

    /// <summary>The Stillinger–Weber three-body term, or null.</summary>
    public ThreeBodySpec? ThreeBody { get; }

    /// <summary>class2 bonds by name ("P2-S2").</summary>
    public ImmutableDictionary<string, BondSpec> Bonds { get; }

    /// <summary>class2 angles by name ("S1-Pa-Sc").</summary>
    public ImmutableDictionary<string, AngleSpec> Angles { get; }

    /// <summary>class2 dihedrals by name.</summary>
    public ImmutableDictionary<string, DihedralSpec> Dihedrals { get; }

    /// <summary>The type named <paramref name="name"/>, or null.</summary>
    public AtomTypeSpec? Type(string name) => Types.FirstOrDefault(t => t.Name == name);

    /// <summary>LJ parameters of a type pair (either order), or null when the file does not define the pair.</summary>
    public LjPairSpec? Lj(string a, string b) =>
        _lj.TryGetValue(a + "-" + b, out var p) ? p : _lj.TryGetValue(b + "-" + a, out p) ? p : null;

    /// <summary>The repository's Ariga 2022 force-field file (data/forcefields/ariga2022.json) found above <paramref name="start"/> or the application folder.</summary>
    public static string? FindDefaultFile(string? start = null)
    {
        foreach (string? s in new[] { start, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            if (s is null) { continue; }
            var dir = new DirectoryInfo(Path.GetFullPath(s));
            while (dir is not null)
            {
                string candidate = Path.Combine(dir.FullName, "data", "forcefields", "ariga2022.json");
                if (File.Exists(candidate)) { return candidate; }
                dir = dir.Parent;
            }
        }

        return null;
    }

    /// <summary>Loads the repository's default force field (ariga2022.json).</summary>
    /// <exception cref="InputException">when the file cannot be found.</exception>
    public static ForceFieldSpec LoadDefault()
    {
        if (FindDefaultFile() is { } path) { return Load(path); }
        using var stream = typeof(ForceFieldSpec).Assembly.GetManifestResourceStream("Vitrion.ForceField.ariga2022.json")
            ?? throw new InputException("the default force-field file data/forcefields/ariga2022.json was not found; pass --forcefield FILE");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "ariga2022.json (built in)");
    }

    /// <summary>Reads a force-field JSON file.</summary>
    /// <exception cref="InputException">for a missing file, malformed JSON or a missing/invalid entry.</exception>
    public static ForceFieldSpec Load(string path)
    {
        if (!File.Exists(path)) { throw new InputException(path, 0, "force-field file not found"); }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses force-field JSON text; <paramref name="path"/> names it in error messages.</summary>
    /// <exception cref="InputException">for malformed JSON or a missing/invalid entry.</exception>
    public static ForceFieldSpec Parse(string text, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InputException(path, (int)(ex.LineNumber ?? -1) + 1, "malformed JSON: " + ex.Message);
        }

        using (doc)
        {
            var r = new Reader(path);
            var root = doc.RootElement;
            string name = root.TryGetProperty("name", out var n) ? n.GetString() ?? "forcefield" : Path.GetFileNameWithoutExtension(path);
            var types = ImmutableArray.CreateBuilder<AtomTypeSpec>();
            foreach (var t in r.Obj(root, "types").EnumerateObject())
            {
                types.Add(new AtomTypeSpec(t.Name, r.Num(t.Value, "mass", "types." + t.Name), r.Num(t.Value, "charge", "types." + t.Name),
                    t.Value.TryGetProperty("meaning", out var m) ? m.GetString() ?? "" : ""));
            }

            var constants = ImmutableDictionary.CreateBuilder<string, double>();
            if (root.TryGetProperty("charge_constants", out var cc))
            {
                foreach (var c in cc.EnumerateObject()) { constants[c.Name] = r.Number(c.Value, "charge_constants." + c.Name); }
            }

            var rules = ImmutableArray.CreateBuilder<ChargeRule>();
            if (root.TryGetProperty("charge_rules", out var cr))
            {
                foreach (var rule in cr.EnumerateArray())
                {
                    rules.Add(new ChargeRule(r.Str(rule, "type", "charge_rules"), r.Str(rule, "expression", "charge_rules")));
                }
            }

            var pair = r.Obj(root, "pair");
            string style = r.Str(pair, "style", "pair");
            if (style != "lj/class2/coul/long")
            {
                throw new InputException(path, 0, $"pair.style '{style}' is not supported; expected lj/class2/coul/long");
            }

            var lj = ImmutableDictionary.CreateBuilder<string, LjPairSpec>();
            foreach (var p in r.Obj(pair, "lj").EnumerateObject())
            {
                lj[p.Name] = new LjPairSpec(r.Num(p.Value, "epsilon", "pair.lj." + p.Name), r.Num(p.Value, "sigma", "pair.lj." + p.Name));
            }

            var sb = r.Obj(root, "special_bonds");
            var specialLj = r.Obj(sb, "lj").EnumerateArray().Select(e => r.Number(e, "special_bonds.lj")).ToImmutableArray();
            var specialCoul = r.Obj(sb, "coul").EnumerateArray().Select(e => r.Number(e, "special_bonds.coul")).ToImmutableArray();

            ThreeBodySpec? tb = null;
            if (root.TryGetProperty("three_body", out var tbe))
            {
                string tstyle = r.Str(tbe, "style", "three_body");
                if (tstyle != "sw") { throw new InputException(path, 0, $"three_body.style '{tstyle}' is not supported; expected sw"); }
                var gamma = ImmutableDictionary.CreateBuilder<string, double>();
                foreach (var g in r.Obj(tbe, "gamma").EnumerateObject()) { gamma[g.Name] = r.Number(g.Value, "three_body.gamma." + g.Name); }
                var trip = ImmutableDictionary.CreateBuilder<string, SwTripletSpec>();
                foreach (var t in r.Obj(tbe, "triplets").EnumerateObject())
                {
                    string key = string.Join(",", t.Name.Split(',').Select(s => s.Trim()));
                    trip[key] = new SwTripletSpec(r.Num(t.Value, "lambda", "three_body.triplets." + t.Name), r.Num(t.Value, "cos_theta0", "three_body.triplets." + t.Name));
                }

                tb = new ThreeBodySpec(r.Obj(tbe, "centres").EnumerateArray().Select(e => e.GetString() ?? "").ToImmutableArray(),
                    r.Num(tbe, "epsilon", "three_body"), r.Num(tbe, "sigma", "three_body"), r.Num(tbe, "a", "three_body"),
                    gamma.ToImmutable(), trip.ToImmutable());
            }

            var bonds = ImmutableDictionary.CreateBuilder<string, BondSpec>();
            if (root.TryGetProperty("bonds", out var be))
            {
                r.RequireStyle(be, "bonds");
                foreach (var b in r.Obj(be, "types").EnumerateObject())
                {
                    string w = "bonds.types." + b.Name;
                    bonds[b.Name] = new BondSpec(r.Num(b.Value, "r0", w), r.Num(b.Value, "K2", w), r.Num(b.Value, "K3", w), r.Num(b.Value, "K4", w));
                }
            }

            var angles = ImmutableDictionary.CreateBuilder<string, AngleSpec>();
            if (root.TryGetProperty("angles", out var ae))
            {
                r.RequireStyle(ae, "angles");
                foreach (var a in r.Obj(ae, "types").EnumerateObject())
                {
                    string w = "angles.types." + a.Name;
                    var v = a.Value;
                    angles[a.Name] = new AngleSpec(r.Num(v, "theta0", w), r.Num(v, "K2", w), r.Num(v, "K3", w), r.Num(v, "K4", w),
                        r.Num(v, "bb_M", w), r.Num(v, "bb_r1", w), r.Num(v, "bb_r2", w),
                        r.Num(v, "ba_N1", w), r.Num(v, "ba_N2", w), r.Num(v, "ba_r1", w), r.Num(v, "ba_r2", w));
                }
            }

            var dihedrals = ImmutableDictionary.CreateBuilder<string, DihedralSpec>();
            if (root.TryGetProperty("dihedrals", out var de))
            {
                r.RequireStyle(de, "dihedrals");
                foreach (var d in r.Obj(de, "types").EnumerateObject())
                {
                    string w = "dihedrals.types." + d.Name;
                    var k = r.Obj(d.Value, "K").EnumerateArray().Select(e => r.Number(e, w + ".K")).ToImmutableArray();
                    var phi = r.Obj(d.Value, "phi").EnumerateArray().Select(e => r.Number(e, w + ".phi")).ToImmutableArray();
                    if (k.Length != 3 || phi.Length != 3) { throw new InputException(path, 0, $"{w}: K and phi need three values each"); }
                    var cross = ImmutableArray.CreateBuilder<double>();
                    foreach (string key in new[] { "mbt", "ebt", "at", "aat", "bb13" })
                    {
                        if (d.Value.TryGetProperty(key, out var ce))
                        {
                            // Only the force constants count as "non-zero cross terms"; reference lengths/angles may be anything.
                            var vals = ce.EnumerateArray().Select(e => r.Number(e, w + "." + key)).ToArray();
                            int nForce = key switch { "mbt" => 3, "ebt" => 6, "at" => 6, "aat" => 1, _ => 1 };
                            cross.AddRange(vals.Take(nForce));
                        }
                    }

                    dihedrals[d.Name] = new DihedralSpec(k, phi, cross.ToImmutable());
                }
            }

            return new ForceFieldSpec(name, types.ToImmutable(), constants.ToImmutable(), rules.ToImmutable(),
                r.Num(pair, "lj_cutoff", "pair"), r.Num(pair, "coulomb_cutoff", "pair"),
                pair.TryGetProperty("coulomb_constant", out var kc) ? r.Number(kc, "pair.coulomb_constant") : Units.Coulomb,
                lj.ToImmutable(), specialLj, specialCoul, tb, bonds.ToImmutable(), angles.ToImmutable(), dihedrals.ToImmutable(), path);
        }
    }

    private ImmutableDictionary<string, double> EvaluateChargeRules()
    {
        var q = Types.ToDictionary(t => t.Name, t => t.Charge);
        foreach (var rule in ChargeRules)
        {
            if (!q.ContainsKey(rule.Type))
            {
                throw new InputException(SourcePath, 0, $"charge rule for '{rule.Type}', which is not a type of the force field");
            }

            q[rule.Type] = ChargeExpression.Evaluate(rule.Expression, name =>
                q.TryGetValue(name, out double v) ? v
                : ChargeConstants.TryGetValue(name, out v) ? v
                : throw new InputException(SourcePath, 0, $"charge rule for {rule.Type}: unknown name '{name}' in '{rule.Expression}' (use a type name or a charge_constants entry)"));
        }

        return q.ToImmutableDictionary();
    }

    private sealed class Reader(string path)
    {
        public JsonElement Obj(JsonElement e, string key) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? v : throw new InputException(path, 0, $"missing entry '{key}'");

        public double Num(JsonElement e, string key, string where) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? Number(v, where + "." + key)
            : throw new InputException(path, 0, $"{where}: missing number '{key}'");

        public double Number(JsonElement v, string where) =>
            v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new InputException(path, 0, $"{where}: expected a number, found {v.ValueKind}");

        public string Str(JsonElement e, string key, string where) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new InputException(path, 0, $"{where}: missing string '{key}'");

        public void RequireStyle(JsonElement e, string where)
        {
            string s = Str(e, "style", where);
            if (s != "class2") { throw new InputException(path, 0, $"{where}.style '{s}' is not supported; expected class2"); }
        }
    }
}

/// <summary>A tiny arithmetic evaluator for charge rules: numbers, names, + − * / and parentheses.</summary>
public static class ChargeExpression
{
    /// <summary>Evaluates <paramref name="expression"/>, resolving names through <paramref name="lookup"/>.</summary>
    /// <exception cref="InputException">for a syntax error.</exception>
    public static double Evaluate(string expression, Func<string, double> lookup)
    {
        int pos = 0;
        double v = Sum(expression, ref pos, lookup);
        Skip(expression, ref pos);
        if (pos != expression.Length) { throw new InputException($"charge rule '{expression}': unexpected '{expression[pos]}' at position {pos + 1}"); }
        return v;
    }

    private static void Skip(string s, ref int p)
    {
        while (p < s.Length && char.IsWhiteSpace(s[p])) { p++; }
    }

    private static double Sum(string s, ref int p, Func<string, double> f)
    {
        double v = Product(s, ref p, f);
        while (true)
        {
            Skip(s, ref p);
            if (p < s.Length && s[p] == '+') { p++; v += Product(s, ref p, f); }
            else if (p < s.Length && s[p] == '-') { p++; v -= Product(s, ref p, f); }
            else { return v; }
        }
    }

    private static double Product(string s, ref int p, Func<string, double> f)
    {
        double v = Unary(s, ref p, f);
        while (true)
        {
            Skip(s, ref p);
            if (p < s.Length && s[p] == '*') { p++; v *= Unary(s, ref p, f); }
            else if (p < s.Length && s[p] == '/') { p++; v /= Unary(s, ref p, f); }
            else { return v; }
        }
    }

    private static double Unary(string s, ref int p, Func<string, double> f)
    {
        Skip(s, ref p);
        if (p >= s.Length) { throw new InputException($"charge rule '{s}': unexpected end"); }
        char c = s[p];
        if (c == '-') { p++; return -Unary(s, ref p, f); }
        if (c == '+') { p++; return Unary(s, ref p, f); }
        if (c == '(')
        {
            p++;
            double v = Sum(s, ref p, f);
            Skip(s, ref p);
            if (p >= s.Length || s[p] != ')') { throw new InputException($"charge rule '{s}': missing ')'"); }
            p++;
            return v;
        }

        int start = p;
        if (char.IsDigit(c) || c == '.')
        {
            while (p < s.Length && (char.IsDigit(s[p]) || s[p] == '.' || s[p] == 'e' || s[p] == 'E' ||
                   ((s[p] == '-' || s[p] == '+') && (s[p - 1] == 'e' || s[p - 1] == 'E')))) { p++; }
            return double.Parse(s.AsSpan(start, p - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (char.IsLetter(c) || c == '_')
        {
            while (p < s.Length && (char.IsLetterOrDigit(s[p]) || s[p] == '_')) { p++; }
            return f(s[start..p]);
        }

        throw new InputException($"charge rule '{s}': unexpected '{c}' at position {p + 1}");
    }
}

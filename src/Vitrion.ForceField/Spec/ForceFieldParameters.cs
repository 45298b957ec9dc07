using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.ForceField.Spec;

/// <summary>
/// A force-field spec resolved against one topology: parameters indexed by the topology's 0-based atom, bond,
/// angle and dihedral types (LAMMPS type = index + 1). Used both by <see cref="ArigaForceField"/> and by the
/// LAMMPS input writer, so the two always use the same numbers.
/// </summary>
public sealed class ForceFieldParameters
{
    private ForceFieldParameters(ForceFieldSpec spec, Topology topology) { Spec = spec; Topology = topology; }

    /// <summary>The spec.</summary>
    public ForceFieldSpec Spec { get; }

    /// <summary>The topology with the charges actually used (rule charges unless file charges were kept).</summary>
    public Topology Topology { get; private init; }

    /// <summary>Number of atom types.</summary>
    public int TypeCount => Topology.TypeNames.Length;

    /// <summary>Charge [e] per atom type, or NaN for a type whose atoms keep differing file charges.</summary>
    public ImmutableArray<double> TypeCharges { get; private init; }

    /// <summary>True when every atom of a type has the same charge (the type charge).</summary>
    public bool ChargesByType { get; private init; }

    /// <summary>LJ ε [kcal/mol] by type pair (row-major TypeCount × TypeCount).</summary>
    public ImmutableArray<double> LjEpsilon { get; private init; }

    /// <summary>LJ σ [Å] by type pair (row-major).</summary>
    public ImmutableArray<double> LjSigma { get; private init; }

    /// <summary>Stillinger–Weber: whether each atom type is a centre.</summary>
    public ImmutableArray<bool> SwCentre { get; private init; }

    /// <summary>Stillinger–Weber: γ per atom type (NaN when the type is not a neighbour type).</summary>
    public ImmutableArray<double> SwGamma { get; private init; }

    /// <summary>Stillinger–Weber λ per neighbour type pair (row-major; 0 when undefined).</summary>
    public ImmutableArray<double> SwLambda { get; private init; }

    /// <summary>Stillinger–Weber cos θ0 per neighbour type pair (row-major).</summary>
    public ImmutableArray<double> SwCosTheta0 { get; private init; }

    /// <summary>Bond parameters per bond type (null for an unused, unnamed type).</summary>
    public ImmutableArray<BondSpec?> Bonds { get; private init; }

    /// <summary>Angle parameters per angle type, applied in the file's atom order (null for an unused type).</summary>
    public ImmutableArray<AngleSpec?> Angles { get; private init; }

    /// <summary>Dihedral parameters per dihedral type (null for an unused type).</summary>
    public ImmutableArray<DihedralSpec?> Dihedrals { get; private init; }

    /// <summary>Names of the bond types (as the spec names them; empty for unused types).</summary>
    public ImmutableArray<string> BondTypeNames { get; private init; }

    /// <summary>Names of the angle types.</summary>
    public ImmutableArray<string> AngleTypeNames { get; private init; }

    /// <summary>Names of the dihedral types.</summary>
    public ImmutableArray<string> DihedralTypeNames { get; private init; }

    /// <summary>LJ ε of a type pair [kcal/mol].</summary>
    public double Epsilon(int ti, int tj) => LjEpsilon[ti * TypeCount + tj];

    /// <summary>LJ σ of a type pair [Å].</summary>
    public double Sigma(int ti, int tj) => LjSigma[ti * TypeCount + tj];

    /// <summary>
    /// Resolves <paramref name="spec"/> for <paramref name="topology"/>: matches atom types by name, names bond/angle/
    /// dihedral types from the topology (or from their atoms' type names) and finds them in the spec, and sets
    /// charges by type from the charge rules unless <paramref name="keepFileCharges"/>.
    /// </summary>
    /// <exception cref="InputException">for a type, bond, angle or dihedral the spec does not define.</exception>
    public static ForceFieldParameters Resolve(ForceFieldSpec spec, Topology topology, bool keepFileCharges = false)
    {
        string file = spec.SourcePath ?? spec.Name;
        var names = topology.TypeNames;
        int nt = names.Length;
        foreach (string n in names)
        {
            if (spec.Type(n) is null)
            {
                throw new InputException(file, 0, $"atom type '{n}' of the data file is not defined by the force field (defined: {string.Join(", ", spec.Types.Select(t => t.Name))}); " +
                    "name the data file's types with --type-names or comments after the Masses lines");
            }
        }

        // Charges.
        var typeQ = new double[nt];
        double[] atomQ;
        bool byType = true;
        if (keepFileCharges)
        {
            atomQ = topology.Charges.ToArray();
            for (int t = 0; t < nt; t++) { typeQ[t] = double.NaN; }
            var seen = new bool[nt];
            for (int i = 0; i < atomQ.Length; i++)
            {
                int t = topology.Types[i];
                if (!seen[t]) { typeQ[t] = atomQ[i]; seen[t] = true; }
                else if (typeQ[t] != atomQ[i]) { byType = false; }
            }

            if (!byType) { for (int t = 0; t < nt; t++) { typeQ[t] = double.NaN; } }
        }
        else
        {
            for (int t = 0; t < nt; t++) { typeQ[t] = spec.RuleCharges[names[t]]; }
            atomQ = new double[topology.AtomCount];
            for (int i = 0; i < atomQ.Length; i++) { atomQ[i] = typeQ[topology.Types[i]]; }
        }

        // LJ.
        var eps = new double[nt * nt];
        var sig = new double[nt * nt];
        for (int a = 0; a < nt; a++)
        {
            for (int b = 0; b < nt; b++)
            {
                var p = spec.Lj(names[a], names[b]) ?? throw new InputException(file, 0, $"no LJ parameters for the type pair {names[a]}-{names[b]} (add \"{names[a]}-{names[b]}\" to pair.lj)");
                eps[a * nt + b] = p.Epsilon;
                sig[a * nt + b] = p.Sigma;
            }
        }

        // Stillinger–Weber.
        var centre = new bool[nt];
        var gamma = new double[nt];
        var lambda = new double[nt * nt];
        var cos0 = new double[nt * nt];
        var tb = spec.ThreeBody;
        for (int t = 0; t < nt; t++)
        {
            centre[t] = tb is not null && tb.Centres.Contains(names[t]);
            gamma[t] = tb is not null && tb.Gamma.TryGetValue(names[t], out double g) ? g : double.NaN;
        }

        if (tb is not null)
        {
            for (int a = 0; a < nt; a++)
            {
                for (int b = 0; b < nt; b++)
                {
                    if (double.IsNaN(gamma[a]) || double.IsNaN(gamma[b])) { continue; }
                    var tr = tb.Triplet(names[a], names[b]);
                    if (tr is null)
                    {
                        // An undefined pair is an error only if both types occur around a centre (checked at run time is too late): require it when both types are present.
                        bool presentA = topology.Types.Contains(a), presentB = topology.Types.Contains(b);
                        if (presentA && presentB && centre.Any(c => c))
                        {
                            throw new InputException(file, 0, $"three_body: no triplet parameters for neighbour types {names[a]},{names[b]}");
                        }

                        continue;
                    }

                    lambda[a * nt + b] = tr.Lambda;
                    cos0[a * nt + b] = tr.CosTheta0;
                }
            }
        }

        // Bonded.
        var bondNames = NameTypes(topology.BondTypeCount, topology.BondTypeNames, topology.Bonds.Select(b => (b.Type, new[] { b.I, b.J })), names, topology.Types);
        var bonds = new BondSpec?[bondNames.Length];
        var bondLabel = new string[bondNames.Length];
        for (int t = 0; t < bonds.Length; t++)
        {
            (bonds[t], bondLabel[t]) = Match(bondNames[t], spec.Bonds, "bond", t, file, (s, _) => s);
        }

        var angleNames = NameTypes(topology.AngleTypeCount, topology.AngleTypeNames, topology.Angles.Select(a => (a.Type, new[] { a.I, a.J, a.K })), names, topology.Types);
        var angles = new AngleSpec?[angleNames.Length];
        var angleLabel = new string[angleNames.Length];
        for (int t = 0; t < angles.Length; t++)
        {
            (angles[t], angleLabel[t]) = Match(angleNames[t], spec.Angles, "angle", t, file, (s, reversedOnly) => reversedOnly ? s.Reversed() : s);
        }

        var dihNames = NameTypes(topology.DihedralTypeCount, topology.DihedralTypeNames, topology.Dihedrals.Select(d => (d.Type, new[] { d.I, d.J, d.K, d.L })), names, topology.Types);
        var dihedrals = new DihedralSpec?[dihNames.Length];
        var dihLabel = new string[dihNames.Length];
        for (int t = 0; t < dihedrals.Length; t++)
        {
            (dihedrals[t], dihLabel[t]) = Match(dihNames[t], spec.Dihedrals, "dihedral", t, file, (s, reversedOnly) => reversedOnly
                ? throw new InputException(file, 0, $"dihedral type {t + 1} occurs only in the reverse order of its force-field name; reorder the dihedral atoms in the data file")
                : s);
            if (dihedrals[t] is { HasNoCrossTerms: false })
            {
                throw new InputException(file, 0, $"dihedral type {dihLabel[t]} has non-zero class2 cross terms, which Vitrion does not implement (only the torsion part)");
            }
        }

        return new ForceFieldParameters(spec, keepFileCharges ? topology : topology.WithCharges(atomQ))
        {
            TypeCharges = typeQ.ToImmutableArray(),
            ChargesByType = byType,
            LjEpsilon = eps.ToImmutableArray(),
            LjSigma = sig.ToImmutableArray(),
            SwCentre = centre.ToImmutableArray(),
            SwGamma = gamma.ToImmutableArray(),
            SwLambda = lambda.ToImmutableArray(),
            SwCosTheta0 = cos0.ToImmutableArray(),
            Bonds = bonds.ToImmutableArray(),
            Angles = angles.ToImmutableArray(),
            Dihedrals = dihedrals.ToImmutableArray(),
            BondTypeNames = bondLabel.ToImmutableArray(),
            AngleTypeNames = angleLabel.ToImmutableArray(),
            DihedralTypeNames = dihLabel.ToImmutableArray(),
        };
    }

    // For each type: the distinct atom-type-name sequences that occur (or the topology's own name).
    private static List<string>[] NameTypes(int count, ImmutableArray<string> given, IEnumerable<(int Type, int[] Atoms)> items, ImmutableArray<string> typeNames, ImmutableArray<int> atomTypes)
    {
        var result = new List<string>[count];
        for (int t = 0; t < count; t++) { result[t] = []; }
        if (given.Length == count && given.All(g => !string.IsNullOrWhiteSpace(g)))
        {
            for (int t = 0; t < count; t++) { result[t].Add(given[t]); }
            return result;
        }

        return Derive();

        List<string>[] Derive()
        {
            var sets = new HashSet<string>[count];
            for (int t = 0; t < count; t++) { sets[t] = []; }
            foreach (var (type, atoms) in items)
            {
                sets[type].Add(string.Join("-", atoms.Select(a => typeNames[atomTypes[a]])));
            }

            for (int t = 0; t < count; t++) { result[t].AddRange(sets[t].OrderBy(s => s, StringComparer.Ordinal)); }
            return result;
        }
    }

    private static (T? Spec, string Label) Match<T>(List<string> sequences, ImmutableDictionary<string, T> table, string what, int type, string file,
        Func<T, bool, T> orient) where T : class
    {
        if (sequences.Count == 0) { return (null, ""); }
        string? key = null;
        bool anyForward = false;
        foreach (string seq in sequences)
        {
            string rev = string.Join("-", seq.Split('-').Reverse());
            string? k = table.ContainsKey(seq) ? seq : table.ContainsKey(rev) ? rev : null;
            if (k is null)
            {
                throw new InputException(file, 0, $"{what} type {type + 1} ({seq}) is not defined by the force field (defined: {string.Join(", ", table.Keys.OrderBy(s => s, StringComparer.Ordinal))})");
            }

            if (key is not null && key != k)
            {
                throw new InputException(file, 0, $"{what} type {type + 1} mixes {key} and {k}; give each its own type");
            }

            key = k;
            anyForward |= k == seq;
        }

        // Parameters apply in the data file's atom order (as in LAMMPS). When the type occurs only reversed,
        // orient the asymmetric parameters to the file's order.
        return (orient(table[key!], !anyForward), key!);
    }
}

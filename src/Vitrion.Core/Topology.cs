using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Vitrion.Core;

/// <summary>A bond between atoms <paramref name="I"/> and <paramref name="J"/> (0-based atom indices) of 0-based type <paramref name="Type"/>.</summary>
public readonly record struct Bond(int Type, int I, int J);

/// <summary>An angle I–J–K with apex J (0-based indices, order as in the data file: class2 cross terms are not symmetric).</summary>
public readonly record struct Angle(int Type, int I, int J, int K);

/// <summary>A dihedral I–J–K–L (0-based indices).</summary>
public readonly record struct Dihedral(int Type, int I, int J, int K, int L);

/// <summary>A special neighbour of an atom: its index and the bond-graph distance (1 = 1-2, 2 = 1-3, 3 = 1-4).</summary>
public readonly record struct SpecialNeighbor(int Atom, int Order);

/// <summary>
/// The immutable description of a system: atom types (0-based indices into <see cref="TypeNames"/>; LAMMPS
/// type = index + 1), masses [g/mol], charges [e], molecule ids, LAMMPS atom ids, and the bonded topology with
/// its 1-2/1-3/1-4 special-neighbour sets (built once, as LAMMPS <c>special_bonds</c> does from bonds).
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<int, int> _indexOfId;
    private readonly int[] _specialOffsets;
    private readonly SpecialNeighbor[] _special;

    /// <summary>Creates a topology; arrays are taken as they are (do not modify them afterwards).</summary>
    /// <param name="typeNames">one name per atom type (e.g. "Li", "P4"); its length is the number of types.</param>
    /// <param name="typeMasses">mass per atom type [g/mol].</param>
    /// <param name="types">0-based type per atom.</param>
    /// <param name="charges">charge per atom [e].</param>
    /// <param name="ids">LAMMPS atom id per atom (unique, positive).</param>
    /// <param name="moleculeIds">molecule id per atom (0 where none).</param>
    /// <param name="bonds">bonds with 0-based atom indices and type.</param>
    /// <param name="angles">angles.</param>
    /// <param name="dihedrals">dihedrals.</param>
    /// <param name="bondTypeNames">optional names of bond types (e.g. "P2-S2").</param>
    /// <param name="angleTypeNames">optional names of angle types.</param>
    /// <param name="dihedralTypeNames">optional names of dihedral types.</param>
    public Topology(
        IReadOnlyList<string> typeNames,
        IReadOnlyList<double> typeMasses,
        int[] types,
        double[] charges,
        int[]? ids = null,
        int[]? moleculeIds = null,
        IEnumerable<Bond>? bonds = null,
        IEnumerable<Angle>? angles = null,
        IEnumerable<Dihedral>? dihedrals = null,
        IReadOnlyList<string>? bondTypeNames = null,
        IReadOnlyList<string>? angleTypeNames = null,
        IReadOnlyList<string>? dihedralTypeNames = null)
    {
        int n = types.Length;
        if (charges.Length != n)
        {
            throw new ArgumentException($"charges has {charges.Length} entries for {n} atoms.");
        }

        if (typeNames.Count != typeMasses.Count)
        {
            throw new ArgumentException("typeNames and typeMasses differ in length.");
        }

        TypeNames = typeNames.ToImmutableArray();
        TypeMasses = typeMasses.ToImmutableArray();
        for (int i = 0; i < n; i++)
        {
            if ((uint)types[i] >= (uint)TypeNames.Length)
            {
                throw new ArgumentException($"atom index {i} has type {types[i] + 1}, outside 1..{TypeNames.Length}.");
            }
        }

        Types = ImmutableCollectionsMarshal.AsImmutableArray(types);
        Charges = ImmutableCollectionsMarshal.AsImmutableArray(charges);
        var masses = new double[n];
        for (int i = 0; i < n; i++)
        {
            masses[i] = TypeMasses[types[i]];
        }

        Masses = ImmutableCollectionsMarshal.AsImmutableArray(masses);
        ids ??= Enumerable.Range(1, n).ToArray();
        if (ids.Length != n)
        {
            throw new ArgumentException($"ids has {ids.Length} entries for {n} atoms.");
        }

        Ids = ImmutableCollectionsMarshal.AsImmutableArray(ids);
        MoleculeIds = ImmutableCollectionsMarshal.AsImmutableArray(moleculeIds ?? new int[n]);
        _indexOfId = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++)
        {
            if (!_indexOfId.TryAdd(ids[i], i))
            {
                throw new ArgumentException($"atom id {ids[i]} occurs twice.");
            }
        }

        Bonds = (bonds ?? []).ToImmutableArray();
        Angles = (angles ?? []).ToImmutableArray();
        Dihedrals = (dihedrals ?? []).ToImmutableArray();
        BondTypeNames = (bondTypeNames ?? []).ToImmutableArray();
        AngleTypeNames = (angleTypeNames ?? []).ToImmutableArray();
        DihedralTypeNames = (dihedralTypeNames ?? []).ToImmutableArray();
        CheckIndices();
        (_specialOffsets, _special) = BuildSpecial(n, Bonds);
    }

    /// <summary>Number of atoms.</summary>
    public int AtomCount => Types.Length;

    /// <summary>Atom type names, indexed by 0-based type.</summary>
    public ImmutableArray<string> TypeNames { get; }

    /// <summary>Mass of each atom type [g/mol].</summary>
    public ImmutableArray<double> TypeMasses { get; }

    /// <summary>0-based type of each atom.</summary>
    public ImmutableArray<int> Types { get; }

    /// <summary>Charge of each atom [e].</summary>
    public ImmutableArray<double> Charges { get; }

    /// <summary>Mass of each atom [g/mol].</summary>
    public ImmutableArray<double> Masses { get; }

    /// <summary>LAMMPS atom id of each atom.</summary>
    public ImmutableArray<int> Ids { get; }

    /// <summary>Molecule id of each atom (0 where none).</summary>
    public ImmutableArray<int> MoleculeIds { get; }

    /// <summary>Bonds.</summary>
    public ImmutableArray<Bond> Bonds { get; }

    /// <summary>Angles (atom order as given; apex in the middle).</summary>
    public ImmutableArray<Angle> Angles { get; }

    /// <summary>Dihedrals.</summary>
    public ImmutableArray<Dihedral> Dihedrals { get; }

    /// <summary>Bond type names by 0-based bond type (empty when unknown).</summary>
    public ImmutableArray<string> BondTypeNames { get; }

    /// <summary>Angle type names by 0-based angle type (empty when unknown).</summary>
    public ImmutableArray<string> AngleTypeNames { get; }

    /// <summary>Dihedral type names by 0-based dihedral type (empty when unknown).</summary>
    public ImmutableArray<string> DihedralTypeNames { get; }

    /// <summary>Number of bond types: the larger of the named types and the highest type used.</summary>
    public int BondTypeCount => Math.Max(BondTypeNames.Length, Bonds.IsEmpty ? 0 : Bonds.Max(b => b.Type) + 1);

    /// <summary>Number of angle types.</summary>
    public int AngleTypeCount => Math.Max(AngleTypeNames.Length, Angles.IsEmpty ? 0 : Angles.Max(a => a.Type) + 1);

    /// <summary>Number of dihedral types.</summary>
    public int DihedralTypeCount => Math.Max(DihedralTypeNames.Length, Dihedrals.IsEmpty ? 0 : Dihedrals.Max(d => d.Type) + 1);

    /// <summary>Total charge [e].</summary>
    public double TotalCharge
    {
        get
        {
            // Kahan-compensated so that neutral systems give exactly representable small totals.
            double sum = 0, c = 0;
            foreach (double q in Charges)
            {
                double y = q - c;
                double t = sum + y;
                c = (t - sum) - y;
                sum = t;
            }

            return sum;
        }
    }

    /// <summary>Total mass [g/mol].</summary>
    public double TotalMass => Masses.Sum();

    /// <summary>0-based index of the atom with LAMMPS id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">when no atom has that id.</exception>
    public int IndexOfId(int id) => _indexOfId.TryGetValue(id, out int i)
        ? i
        : throw new KeyNotFoundException($"no atom has id {id}.");

    /// <summary>Tries to find the 0-based index of the atom with LAMMPS id <paramref name="id"/>.</summary>
    public bool TryIndexOfId(int id, out int index) => _indexOfId.TryGetValue(id, out index);

    /// <summary>0-based type index of a type name, or −1.</summary>
    public int TypeIndex(string name) => TypeNames.IndexOf(name);

    /// <summary>The 1-2, 1-3 and 1-4 neighbours of atom <paramref name="atom"/> (each once, with the smallest order).</summary>
    public ReadOnlySpan<SpecialNeighbor> SpecialNeighbors(int atom) =>
        _special.AsSpan(_specialOffsets[atom], _specialOffsets[atom + 1] - _specialOffsets[atom]);

    /// <summary>Number of atoms of each type.</summary>
    public int[] CountByType()
    {
        var counts = new int[TypeNames.Length];
        foreach (int t in Types)
        {
            counts[t]++;
        }

        return counts;
    }

    /// <summary>A copy with other charges [e] (e.g. set by force-field charge rules).</summary>
    public Topology WithCharges(double[] charges) => new(TypeNames, TypeMasses, Types.ToArray(), charges, Ids.ToArray(),
        MoleculeIds.ToArray(), Bonds, Angles, Dihedrals, BondTypeNames, AngleTypeNames, DihedralTypeNames);

    /// <summary>A copy with other type names (same number of types).</summary>
    public Topology WithTypeNames(IReadOnlyList<string> names)
    {
        if (names.Count != TypeNames.Length)
        {
            throw new ArgumentException($"expected {TypeNames.Length} type names, got {names.Count}.");
        }

        return new(names, TypeMasses, Types.ToArray(), Charges.ToArray(), Ids.ToArray(), MoleculeIds.ToArray(),
            Bonds, Angles, Dihedrals, BondTypeNames, AngleTypeNames, DihedralTypeNames);
    }

    /// <summary>
    /// A copy without the atoms whose indices are listed (bonded terms that touch them are dropped; indices renumbered).
    /// Returns the map from old to new index (−1 for removed atoms).
    /// </summary>
    public (Topology Topology, int[] OldToNew) WithoutAtoms(IReadOnlyCollection<int> removed)
    {
        var remove = new HashSet<int>(removed);
        int n = AtomCount;
        var map = new int[n];
        var keep = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            map[i] = remove.Contains(i) ? -1 : keep.Count;
            if (map[i] >= 0) { keep.Add(i); }
        }

        var t = keep.Select(i => Types[i]).ToArray();
        var q = keep.Select(i => Charges[i]).ToArray();
        var ids = keep.Select(i => Ids[i]).ToArray();
        var mol = keep.Select(i => MoleculeIds[i]).ToArray();
        var bonds = Bonds.Where(b => map[b.I] >= 0 && map[b.J] >= 0).Select(b => b with { I = map[b.I], J = map[b.J] });
        var angles = Angles.Where(a => map[a.I] >= 0 && map[a.J] >= 0 && map[a.K] >= 0)
            .Select(a => a with { I = map[a.I], J = map[a.J], K = map[a.K] });
        var dihedrals = Dihedrals.Where(d => map[d.I] >= 0 && map[d.J] >= 0 && map[d.K] >= 0 && map[d.L] >= 0)
            .Select(d => d with { I = map[d.I], J = map[d.J], K = map[d.K], L = map[d.L] });
        return (new Topology(TypeNames, TypeMasses, t, q, ids, mol, bonds, angles, dihedrals, BondTypeNames, AngleTypeNames, DihedralTypeNames), map);
    }

    private void CheckIndices()
    {
        int n = AtomCount;
        bool Bad(int i) => (uint)i >= (uint)n;
        foreach (var b in Bonds)
        {
            if (Bad(b.I) || Bad(b.J) || b.Type < 0) { throw new ArgumentException($"bond {b} refers to a missing atom."); }
        }

        foreach (var a in Angles)
        {
            if (Bad(a.I) || Bad(a.J) || Bad(a.K) || a.Type < 0) { throw new ArgumentException($"angle {a} refers to a missing atom."); }
        }

        foreach (var d in Dihedrals)
        {
            if (Bad(d.I) || Bad(d.J) || Bad(d.K) || Bad(d.L) || d.Type < 0) { throw new ArgumentException($"dihedral {d} refers to a missing atom."); }
        }
    }

    private static (int[] Offsets, SpecialNeighbor[] Special) BuildSpecial(int n, ImmutableArray<Bond> bonds)
    {
        var adj = new List<int>[n];
        foreach (var b in bonds)
        {
            (adj[b.I] ??= []).Add(b.J);
            (adj[b.J] ??= []).Add(b.I);
        }

        var offsets = new int[n + 1];
        var all = new List<SpecialNeighbor>();
        var seen = new Dictionary<int, int>();
        var frontier = new List<int>();
        var next = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = all.Count;
            if (adj[i] is null) { continue; }
            seen.Clear();
            seen[i] = 0;
            frontier.Clear();
            frontier.Add(i);
            for (int order = 1; order <= 3; order++)
            {
                next.Clear();
                foreach (int a in frontier)
                {
                    if (adj[a] is null) { continue; }
                    foreach (int b in adj[a])
                    {
                        if (seen.TryAdd(b, order)) { next.Add(b); }
                    }
                }

                foreach (int b in next)
                {
                    all.Add(new SpecialNeighbor(b, order));
                }

                (frontier, next) = (next, frontier);
            }
        }

        offsets[n] = all.Count;
        return (offsets, all.ToArray());
    }
}

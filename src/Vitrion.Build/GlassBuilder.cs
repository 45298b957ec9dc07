using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.IO.Lammps;

namespace Vitrion.Build;

/// <summary>Options of the random packing.</summary>
public sealed record GlassBuildOptions
{
    /// <summary>Starting density [g/cm³] of the packed box.</summary>
    public double Density { get; init; } = 1.0;

    /// <summary>Seed of the random number generator (same seed → identical file).</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Attempts per unit before the packing gives up.</summary>
    public int MaxAttemptsPerUnit { get; init; } = 20000;

    /// <summary>
    /// Minimum distances [Å] between atoms of different units, by element pair ("Li-S", in alphabetical order of
    /// the two elements). Defaults sit a little below the closest contacts of the force-field authors' glass
    /// (Li–Li 2.49, Li–P 2.20, Li–S 2.13, P–P 4.44, P–S 3.11, S–S 3.04 Å).
    /// </summary>
    public ImmutableDictionary<string, double> MinimumDistances { get; init; } = new Dictionary<string, double>
    {
        ["Li-Li"] = 2.2, ["Li-P"] = 2.4, ["Li-S"] = 2.0, ["P-P"] = 3.8, ["P-S"] = 2.9, ["S-S"] = 2.9,
    }.ToImmutableDictionary();
}

/// <summary>What the packing achieved: closest inter-unit distance per element pair [Å], box edge [Å], attempts.</summary>
public sealed record GlassBuildReport(
    GlassComposition Composition,
    double BoxLength,
    double Density,
    int Seed,
    ImmutableDictionary<string, double> ClosestContacts,
    ImmutableDictionary<string, double> RequiredMinimumDistances,
    long Attempts);

/// <summary>
/// Builds a Li2S–P2S5 glass model: rigid units (<see cref="AnionTemplates"/>) with uniformly random orientations
/// and positions are inserted one by one (anions largest first, then Li) into a periodic cubic box sized for the
/// requested density, rejecting any placement closer than the minimum distances to atoms of other units. The
/// result is a LAMMPS data file with the force field's type names (types numbered as the force-field authors'
/// 70:30 file: P2 S2 Pa S1 Sc P4 S4 Li, then S0 when free sulfide is present), charges from its charge rules
/// and the full bonded topology; it is a starting point for the melt-quench protocol, not a glass yet.
/// </summary>
public sealed class GlassBuilder
{
    /// <summary>Atom type order of built files.</summary>
    public static readonly string[] AtomTypeOrder = ["P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li", "S0"];

    /// <summary>Bond type order.</summary>
    public static readonly string[] BondTypeOrder = ["P2-S2", "Pa-S1", "Pa-Sc", "P4-S4", "P2-P2"];

    /// <summary>Angle type order.</summary>
    public static readonly string[] AngleTypeOrder = ["P2-P2-S2", "S2-P2-S2", "Pa-Sc-Pa", "S1-Pa-S1", "S1-Pa-Sc", "S4-P4-S4"];

    /// <summary>Dihedral type order.</summary>
    public static readonly string[] DihedralTypeOrder = ["S2-P2-P2-S2", "S1-Pa-Sc-Pa"];

    private readonly GlassBuildOptions _options;

    /// <summary>Creates a builder.</summary>
    public GlassBuilder(GlassBuildOptions? options = null) => _options = options ?? new GlassBuildOptions();

    /// <summary>Builds the model; throws <see cref="InputException"/> when the request cannot be packed.</summary>
    public (LammpsData Data, GlassBuildReport Report) Build(GlassComposition composition)
    {
        composition.Validate();
        if (!(_options.Density > 0) || _options.Density > 4.0)
        {
            throw new InputException(FormattableString.Invariant($"--density {_options.Density} g/cm³ is outside (0, 4]; Li2S–P2S5 glasses are near 1.76 g/cm³"));
        }

        int ntypes = composition.Sulfide > 0 ? 9 : 8;
        string[] typeNames = AtomTypeOrder[..ntypes];
        var typeInfo = typeNames.Select(n => AtomTypes.Ariga2022.First(t => t.Name == n)).ToArray();
        double totalMass = 0;
        var units = new List<MolecularTemplate>();
        void AddUnits(MolecularTemplate t, int n) { for (int i = 0; i < n; i++) { units.Add(t); } }
        AddUnits(AnionTemplates.P2S7, composition.P2S7);
        AddUnits(AnionTemplates.P2S6, composition.P2S6);
        AddUnits(AnionTemplates.PS4, composition.PS4);
        AddUnits(AnionTemplates.Sulfide, composition.Sulfide);
        AddUnits(AnionTemplates.Lithium, composition.Lithium);
        foreach (var u in units)
        {
            foreach (var t in u.Types) { totalMass += typeInfo[Array.IndexOf(typeNames, t)].Mass; }
        }

        double volume = totalMass / (_options.Density / Units.DensityToGramPerCm3);
        double length = Math.Cbrt(volume);
        var box = Box.Cubic(length);
        var rng = new Random(_options.Seed);

        // Element-pair minimum distances.
        string[] elements = ["Li", "P", "S"];
        var minD = new double[3, 3];
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                string key = string.CompareOrdinal(elements[a], elements[b]) <= 0 ? $"{elements[a]}-{elements[b]}" : $"{elements[b]}-{elements[a]}";
                minD[a, b] = _options.MinimumDistances.TryGetValue(key, out double d) ? d : 2.0;
            }
        }

        double maxMin = minD.Cast<double>().Max();
        var grid = new SpatialGrid(length, maxMin);
        var positions = new List<Vec3>();
        var elementOf = new List<int>();
        var unitOf = new List<int>();
        int ElementIndex(string type) => AtomTypes.ElementOf(type) switch { "Li" => 0, "P" => 1, _ => 2 };
        long attempts = 0;
        var closest = new double[3, 3];
        for (int a = 0; a < 3; a++) { for (int b = 0; b < 3; b++) { closest[a, b] = double.PositiveInfinity; } }
        var trial = new Vec3[16];
        for (int u = 0; u < units.Count; u++)
        {
            var t = units[u];
            bool placed = false;
            for (int attempt = 0; attempt < _options.MaxAttemptsPerUnit && !placed; attempt++)
            {
                attempts++;
                var rot = RandomRotation(rng);
                var centre = new Vec3(rng.NextDouble() * length, rng.NextDouble() * length, rng.NextDouble() * length);
                bool ok = true;
                for (int k = 0; k < t.AtomCount && ok; k++)
                {
                    trial[k] = box.Wrap(centre + Rotate(rot, t.Coordinates[k]));
                    int ek = ElementIndex(t.Types[k]);
                    foreach (int j in grid.Near(trial[k]))
                    {
                        double r = box.MinimumImage(positions[j] - trial[k]).Norm;
                        if (r < minD[ek, elementOf[j]]) { ok = false; break; }
                    }
                }

                if (!ok) { continue; }
                for (int k = 0; k < t.AtomCount; k++)
                {
                    int ek = ElementIndex(t.Types[k]);
                    foreach (int j in grid.Near(trial[k]))
                    {
                        double r = box.MinimumImage(positions[j] - trial[k]).Norm;
                        int ej = elementOf[j];
                        if (r < closest[ek, ej]) { closest[ek, ej] = closest[ej, ek] = r; }
                    }
                }

                for (int k = 0; k < t.AtomCount; k++)
                {
                    grid.Add(positions.Count, trial[k]);
                    positions.Add(trial[k]);
                    elementOf.Add(ElementIndex(t.Types[k]));
                    unitOf.Add(u);
                }

                placed = true;
            }

            if (!placed)
            {
                throw new InputException(FormattableString.Invariant(
                    $"cannot pack unit {u + 1} of {units.Count} ({t.Name}) at {_options.Density} g/cm³ with the minimum distances after {_options.MaxAttemptsPerUnit} attempts; lower --density (random packing of whole units jams above about 1.2 g/cm³; the default 1.0 is compressed by the NPT stage) and let the NPT stage compress it"));
            }
        }

        var data = Assemble(units, positions, typeNames, typeInfo, box);
        var contacts = new Dictionary<string, double>();
        for (int a = 0; a < 3; a++)
        {
            for (int b = a; b < 3; b++)
            {
                if (double.IsFinite(closest[a, b])) { contacts[$"{elements[a]}-{elements[b]}"] = closest[a, b]; }
            }
        }

        var report = new GlassBuildReport(composition, length, _options.Density, _options.Seed, contacts.ToImmutableDictionary(), _options.MinimumDistances, attempts);
        return (data, report);
    }

    private static LammpsData Assemble(List<MolecularTemplate> units, List<Vec3> positions, string[] typeNames, AtomTypeInfo[] typeInfo, Box box)
    {
        int n = positions.Count;
        var types = new int[n];
        var charges = new double[n];
        var mol = new int[n];
        var bonds = new List<Bond>();
        var angles = new List<Angle>();
        var dihedrals = new List<Dihedral>();
        int atom = 0;
        for (int u = 0; u < units.Count; u++)
        {
            var t = units[u];
            int first = atom;
            for (int k = 0; k < t.AtomCount; k++)
            {
                int ti = Array.IndexOf(typeNames, t.Types[k]);
                types[atom] = ti;
                charges[atom] = typeInfo[ti].Charge;
                mol[atom] = u + 1;
                atom++;
            }

            foreach (var b in t.Bonds) { bonds.Add(new Bond(Array.IndexOf(BondTypeOrder, b.TypeName), first + b.Atoms[0], first + b.Atoms[1])); }
            foreach (var a in t.Angles) { angles.Add(new Angle(Array.IndexOf(AngleTypeOrder, a.TypeName), first + a.Atoms[0], first + a.Atoms[1], first + a.Atoms[2])); }
            foreach (var d in t.Dihedrals) { dihedrals.Add(new Dihedral(Array.IndexOf(DihedralTypeOrder, d.TypeName), first + d.Atoms[0], first + d.Atoms[1], first + d.Atoms[2], first + d.Atoms[3])); }
        }

        var topology = new Topology(typeNames, typeInfo.Select(t => t.Mass).ToArray(), types, charges, null, mol, bonds, angles, dihedrals,
            BondTypeOrder, AngleTypeOrder, DihedralTypeOrder);
        return new LammpsData
        {
            Header = "Li2S-P2S5 glass model packed by vitrion build (Ariga 2022 type names)",
            AtomStyle = "full",
            Topology = topology,
            Box = box,
            Positions = positions.ToArray(),
            Images = new Int3[n],
            Velocities = null,
            TypeNameSource = TypeNameSource.Given,
        };
    }

    /// <summary>A uniformly distributed random rotation matrix (Shoemake's quaternion method).</summary>
    private static double[] RandomRotation(Random rng)
    {
        double u1 = rng.NextDouble(), u2 = rng.NextDouble(), u3 = rng.NextDouble();
        double a = Math.Sqrt(1 - u1), b = Math.Sqrt(u1);
        double w = a * Math.Sin(2 * Math.PI * u2), x = a * Math.Cos(2 * Math.PI * u2);
        double y = b * Math.Sin(2 * Math.PI * u3), z = b * Math.Cos(2 * Math.PI * u3);
        return
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
        ];
    }

    private static Vec3 Rotate(double[] m, Vec3 v) => new(
        m[0] * v.X + m[1] * v.Y + m[2] * v.Z,
        m[3] * v.X + m[4] * v.Y + m[5] * v.Z,
        m[6] * v.X + m[7] * v.Y + m[8] * v.Z);

    /// <summary>A periodic cubic grid of atom indices for overlap checks.</summary>
    private sealed class SpatialGrid
    {
        private readonly int _n;
        private readonly double _cell;
        private readonly List<int>[] _cells;
        private readonly List<int> _result = [];

        public SpatialGrid(double length, double minCell)
        {
            _n = Math.Max(1, (int)Math.Floor(length / minCell));
            _cell = length / _n;
            _cells = new List<int>[_n * _n * _n];
        }

        private int Idx(double v) => ((int)Math.Floor(v / _cell) % _n + _n) % _n;

        public void Add(int atom, Vec3 r) => (_cells[(Idx(r.Z) * _n + Idx(r.Y)) * _n + Idx(r.X)] ??= []).Add(atom);

        public List<int> Near(Vec3 r)
        {
            _result.Clear();
            int cx = Idx(r.X), cy = Idx(r.Y), cz = Idx(r.Z);
            int span = _n >= 3 ? 1 : 0;
            if (_n < 3)
            {
                foreach (var c in _cells) { if (c is not null) { _result.AddRange(c); } }
                return _result;
            }

            for (int dz = -span; dz <= span; dz++)
            {
                for (int dy = -span; dy <= span; dy++)
                {
                    for (int dx = -span; dx <= span; dx++)
                    {
                        int x = (cx + dx + _n) % _n, y = (cy + dy + _n) % _n, z = (cz + dz + _n) % _n;
                        var c = _cells[(z * _n + y) * _n + x];
                        if (c is not null) { _result.AddRange(c); }
                    }
                }
            }

            return _result;
        }
    }
}

namespace Vitrion.ForceField;

/// <summary>The reciprocal-space Coulomb method.</summary>
public enum KspaceStyle
{
    /// <summary>Ewald sum (LAMMPS kspace_style ewald): the reference.</summary>
    Ewald,

    /// <summary>Particle–particle particle–mesh (LAMMPS kspace_style pppm): production.</summary>
    Pppm,

    /// <summary>No long-range part: plain cut Coulomb (erfc → 1; LAMMPS coul/cut).</summary>
    None,
}

/// <summary>Terms of the force field (flags), to evaluate parts in isolation (tests, diagnostics).</summary>
[Flags]
public enum ForceFieldTerms
{
    /// <summary>No term.</summary>
    None = 0,

    /// <summary>LJ + real-space Coulomb pair term (incl. special pairs).</summary>
    Pair = 1,

    /// <summary>Reciprocal-space Coulomb.</summary>
    Kspace = 2,

    /// <summary>Stillinger–Weber three-body.</summary>
    ThreeBody = 4,

    /// <summary>Bonds.</summary>
    Bonds = 8,

    /// <summary>Angles.</summary>
    Angles = 16,

    /// <summary>Dihedrals.</summary>
    Dihedrals = 32,

    /// <summary>Everything.</summary>
    All = 63,
}

/// <summary>Options of <see cref="ArigaForceField"/>.</summary>
public sealed record ForceFieldOptions
{
    /// <summary>Long-range Coulomb method (default PPPM).</summary>
    public KspaceStyle Kspace { get; init; } = KspaceStyle.Pppm;

    /// <summary>Relative force accuracy of the k-space term (LAMMPS kspace_style accuracy; default 1e-5).</summary>
    public double Accuracy { get; init; } = 1e-5;

    /// <summary>Pair cutoff for LJ and real-space Coulomb [Å]; null = the force field's (12 Å).</summary>
    public double? Cutoff { get; init; }

    /// <summary>Neighbour-list skin [Å] (default 2, LAMMPS real); the list is rebuilt when any atom moved more than skin/2.</summary>
    public double Skin { get; init; } = 2.0;

    /// <summary>Worker threads (0 = all processors).</summary>
    public int Threads { get; init; } = 0;

    /// <summary>Use the SIMD pair kernel where the hardware and the system allow it (default true); false = scalar reference loop.</summary>
    public bool Simd { get; init; } = true;

    /// <summary>Widest vector registers the pair loop may use, 256 or 512 bits (512 needs AVX-512F; default 512).</summary>
    public int MaxVectorBits { get; init; } = 512;

    /// <summary>Keep the charges of the data file instead of setting them by type from the charge rules (default false, as the reference LAMMPS inputs).</summary>
    public bool KeepFileCharges { get; init; }

    /// <summary>PPPM charge-assignment order (default 5).</summary>
    public int PppmOrder { get; init; } = 5;

    /// <summary>Fixed Ewald splitting parameter [1/Å]; null = chosen from <see cref="Accuracy"/> as LAMMPS does.</summary>
    public double? GEwald { get; init; }

    /// <summary>
    /// Use LAMMPS' 5-term erfc polynomial (|error| ≤ 1.5e-7, as pair lj/class2/coul/long with pair_modify table 0) in
    /// the real-space Coulomb term instead of the accurate one (~1e-13), to reproduce LAMMPS numbers to the last digit.
    /// Runs the scalar pair loop. Default false.
    /// </summary>
    public bool LammpsErfc { get; init; }

    /// <summary>Terms to evaluate (default all).</summary>
    public ForceFieldTerms Terms { get; init; } = ForceFieldTerms.All;

    /// <summary>
    /// With several threads, run the terms side by side in one parallel region per evaluation, split by estimated cost
    /// (default true); false runs them one after another, each with every thread. Either way the forces do not depend on
    /// how the threads are scheduled.
    /// </summary>
    public bool ConcurrentTerms { get; init; } = true;

    /// <summary>The effective thread count.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

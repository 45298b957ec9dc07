using System.Globalization;
using System.Text;
using Vitrion.ForceField.Spec;
using Vitrion.IO;

namespace Vitrion.ForceField.Lammps;

/// <summary>Options of <see cref="LammpsInputWriter"/>.</summary>
public sealed record LammpsInputOptions
{
    /// <summary>k-space method (ewald, pppm, or none = lj/class2/coul/cut).</summary>
    public KspaceStyle Kspace { get; init; } = KspaceStyle.Pppm;

    /// <summary>Relative k-space accuracy.</summary>
    public double Accuracy { get; init; } = 1e-5;

    /// <summary>Pair cutoff [Å]; null = the force field's.</summary>
    public double? Cutoff { get; init; }

    /// <summary>Neighbour skin [Å].</summary>
    public double Skin { get; init; } = 2.0;

    /// <summary>Write <c>pair_modify table 0</c> (no tabulated Coulomb; LAMMPS' near-exact setting).</summary>
    public bool TableZero { get; init; }

    /// <summary>Keep the data file's charges (no <c>set type N charge</c> lines).</summary>
    public bool KeepFileCharges { get; init; }

    /// <summary>Name of the Stillinger–Weber file written beside the script.</summary>
    public string SwFileName { get; init; } = "forcefield.sw";

    /// <summary>If set, a dump of id fx fy fz c_pe (per-atom energy) sorted by id, written at step 0 [kcal/mol/Å, kcal/mol].</summary>
    public string? ForceDumpFile { get; init; }

    /// <summary>Thermo output interval.</summary>
    public int ThermoEvery { get; init; } = 1;

    /// <summary>Lines appended after the force-field setup (e.g. fixes and run commands); default <c>run 0</c>.</summary>
    public IReadOnlyList<string> Tail { get; init; } = ["run 0"];
}

/// <summary>A generated LAMMPS input: the script and the Stillinger–Weber file it reads.</summary>
/// <param name="Script">the input script text.</param>
/// <param name="SwFileName">file name of the SW file referenced by the script (relative to the script's folder).</param>
/// <param name="SwFile">the SW file text (empty when there is no three-body term).</param>
public sealed record LammpsInput(string Script, string SwFileName, string SwFile)
{
    /// <summary>Writes the script as <paramref name="scriptPath"/> and the SW file beside it (atomically).</summary>
    public void Write(string scriptPath)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(scriptPath))!;
        Directory.CreateDirectory(dir);
        if (SwFile.Length > 0) { AtomicFile.WriteAllText(Path.Combine(dir, SwFileName), SwFile); }
        AtomicFile.WriteAllText(scriptPath, Script);
    }
}

/// <summary>
/// Writes the LAMMPS input equivalent to <see cref="ArigaForceField"/> for a data file: units real, atom_style full,
/// <c>pair_style hybrid/overlay lj/class2/coul/long RC RC sw</c> with one pair_coeff per type pair, the SW file
/// (Li-centred entries; cutoff/γ of a leg in the "i j j" entry, λ/cos θ0 in "i j k"), special_bonds, class2 bond,
/// angle (with bb and ba) and dihedral coefficients (cross terms zero), <c>set type N charge</c> from the charge rules,
/// the k-space style, thermo with the LAMMPS energy names, and an optional sorted force/pe-atom dump. Coefficients
/// are written in the script, so a data file without coefficient sections works. The basis of the MD deck export.
/// </summary>
public static class LammpsInputWriter
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Creates the input for <paramref name="dataFile"/> (path as LAMMPS should see it) with <paramref name="parameters"/>.</summary>
    public static LammpsInput Create(string dataFile, ForceFieldParameters parameters, LammpsInputOptions? options = null)
    {
        options ??= new LammpsInputOptions();
        var spec = parameters.Spec;
        var names = parameters.Topology.TypeNames;
        int nt = names.Length;
        double rc = options.Cutoff ?? Math.Max(spec.LjCutoff, spec.CoulombCutoff);
        double rcLj = options.Cutoff ?? spec.LjCutoff, rcC = options.Cutoff ?? spec.CoulombCutoff;
        bool sw = spec.ThreeBody is not null && parameters.SwCentre.Any(c => c);
        string coul = options.Kspace == KspaceStyle.None ? "lj/class2/coul/cut" : "lj/class2/coul/long";
        var s = new StringBuilder();
        void L(string line) => s.Append(line).Append('\n');
        L($"# LAMMPS input written by Vitrion for force field '{spec.Name}'");
        L("units real");
        L("atom_style full");
        L("boundary p p p");
        L(sw ? $"pair_style hybrid/overlay {coul} {F(rcLj)} {F(rcC)} sw" : $"pair_style {coul} {F(rcLj)} {F(rcC)}");
        if (!parameters.Topology.Bonds.IsEmpty || parameters.Bonds.Length > 0) { L("bond_style class2"); }
        if (!parameters.Topology.Angles.IsEmpty || parameters.Angles.Length > 0) { L("angle_style class2"); }
        if (!parameters.Topology.Dihedrals.IsEmpty || parameters.Dihedrals.Length > 0) { L("dihedral_style class2"); }
        L($"special_bonds lj {F(spec.SpecialLj[0])} {F(spec.SpecialLj[1])} {F(spec.SpecialLj[2])} coul {F(spec.SpecialCoul[0])} {F(spec.SpecialCoul[1])} {F(spec.SpecialCoul[2])}");
        L($"read_data {dataFile}");
        L("");
        L("# atom types: " + string.Join(" ", names.Select((n, i) => $"{i + 1}={n}")));
        string sub = sw ? coul + " " : "";
        for (int i = 0; i < nt; i++)
        {
            for (int j = i; j < nt; j++)
            {
                L($"pair_coeff {i + 1} {j + 1} {sub}{F(parameters.Epsilon(i, j))} {F(parameters.Sigma(i, j))}");
            }
        }

        string swText = "";
        if (sw)
        {
            var map = names.Select((n, t) => parameters.SwCentre[t] || !double.IsNaN(parameters.SwGamma[t]) ? n : "NULL");
            L($"pair_coeff * * sw {options.SwFileName} {string.Join(" ", map)}");
            swText = SwFile(parameters);
        }

        for (int t = 0; t < parameters.Bonds.Length; t++)
        {
            var b = parameters.Bonds[t];
            L(b is null ? $"bond_coeff {t + 1} 1.0 0.0 0.0 0.0" : $"bond_coeff {t + 1} {F(b.R0)} {F(b.K2)} {F(b.K3)} {F(b.K4)}   # {parameters.BondTypeNames[t]}");
        }

        for (int t = 0; t < parameters.Angles.Length; t++)
        {
            var a = parameters.Angles[t] ?? new AngleSpec(109.47, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1);
            L($"angle_coeff {t + 1} {F(a.Theta0Degrees)} {F(a.K2)} {F(a.K3)} {F(a.K4)}   # {parameters.AngleTypeNames[t]}");
            L($"angle_coeff {t + 1} bb {F(a.BbM)} {F(a.BbR1)} {F(a.BbR2)}");
            L($"angle_coeff {t + 1} ba {F(a.BaN1)} {F(a.BaN2)} {F(a.BaR1)} {F(a.BaR2)}");
        }

        for (int t = 0; t < parameters.Dihedrals.Length; t++)
        {
            var d = parameters.Dihedrals[t];
            if (d is null)
            {
                L($"dihedral_coeff {t + 1} 0.0 0.0 0.0 0.0 0.0 0.0");
            }
            else
            {
                L($"dihedral_coeff {t + 1} {F(d.K[0])} {F(d.PhiDegrees[0])} {F(d.K[1])} {F(d.PhiDegrees[1])} {F(d.K[2])} {F(d.PhiDegrees[2])}   # {parameters.DihedralTypeNames[t]}");
            }

            L($"dihedral_coeff {t + 1} mbt 0.0 0.0 0.0 0.0");
            L($"dihedral_coeff {t + 1} ebt 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
            L($"dihedral_coeff {t + 1} at 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0");
            L($"dihedral_coeff {t + 1} aat 0.0 0.0 0.0");
            L($"dihedral_coeff {t + 1} bb13 0.0 0.0 0.0");
        }

        if (!options.KeepFileCharges)
        {
            for (int t = 0; t < nt; t++) { L($"set type {t + 1} charge {F(parameters.TypeCharges[t])}   # {names[t]}"); }
        }

        if (options.Kspace == KspaceStyle.Ewald) { L($"kspace_style ewald {F(options.Accuracy)}"); }
        else if (options.Kspace == KspaceStyle.Pppm) { L($"kspace_style pppm {F(options.Accuracy)}"); }
        if (options.TableZero && options.Kspace != KspaceStyle.None) { L("pair_modify table 0"); }
        L($"neighbor {F(options.Skin)} bin");
        L("neigh_modify delay 0 every 1 check yes");
        L("thermo_style custom step pe evdwl ecoul elong ebond eangle edihed press");
        L("thermo_modify format float %.15g");
        L($"thermo {options.ThermoEvery}");
        if (options.ForceDumpFile is { } dump)
        {
            L("compute vitrion_pe all pe/atom");
            L($"dump vitrion_f all custom 1 {dump} id fx fy fz c_vitrion_pe");
            L("dump_modify vitrion_f sort id format float %.15g");
        }

        foreach (string line in options.Tail) { L(line); }
        return new LammpsInput(s.ToString(), options.SwFileName, swText);
    }

    /// <summary>
    /// The LAMMPS sw file of the three-body term: every element triple of the mapped types, λ = 0 where no centre, and,
    /// as in the force-field authors' <c>Li-S.sw</c>, a = 0 (zero cutoff a·σ) for every entry whose i–j leg is not centre
    /// to neighbour type, so that LAMMPS spends no time on S–S–S or P–S–S triplets that cannot contribute.
    /// </summary>
    public static string SwFile(ForceFieldParameters parameters)
    {
        var tb = parameters.Spec.ThreeBody ?? throw new ArgumentException("no three-body term");
        var names = parameters.Topology.TypeNames;
        int nt = names.Length;
        var elems = Enumerable.Range(0, nt).Where(t => parameters.SwCentre[t] || !double.IsNaN(parameters.SwGamma[t])).ToArray();
        var s = new StringBuilder();
        s.Append("# Stillinger-Weber three-body term written by Vitrion (A = 0: no two-body part).\n");
        s.Append("# i j k epsilon sigma a lambda gamma costheta0 A B p q tol; leg i-j uses the (i j j) entry's a, sigma, gamma; lambda and cos0 from (i j k).\n");
        s.Append("# As in the force-field authors' own file, only legs from a centre to a neighbour type have a cutoff (a*sigma > 0);\n");
        s.Append("# every other entry has a = 0, so LAMMPS never loops over triplets that cannot contribute.\n");
        foreach (int i in elems)
        {
            foreach (int j in elems)
            {
                foreach (int k in elems)
                {
                    bool centre = parameters.SwCentre[i];
                    bool nj = !double.IsNaN(parameters.SwGamma[j]) && !parameters.SwCentre[j];
                    bool nk = !double.IsNaN(parameters.SwGamma[k]) && !parameters.SwCentre[k];
                    double lambda = centre && nj && nk ? parameters.SwLambda[j * nt + k] : 0.0;
                    double cos0 = centre && nj && nk ? parameters.SwCosTheta0[j * nt + k] : 0.0;
                    double gamma = nj ? parameters.SwGamma[j] : 1.0;
                    double a = centre && nj ? tb.A : 0.0; // leg i-j (the "i j j" entry) has cutoff a*sigma
                    s.Append(string.Join(" ", names[i], names[j], names[k], F(tb.Epsilon), F(tb.Sigma), F(a), F(lambda), F(gamma), F(cos0), "0.0 0.0 0.0 0.0 0.0")).Append('\n');
                }
            }
        }

        return s.ToString();
    }
}

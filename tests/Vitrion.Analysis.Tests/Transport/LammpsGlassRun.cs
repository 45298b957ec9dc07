using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vitrion.TestKit;

namespace Vitrion.Analysis.Tests.Transport;

/// <summary>
/// A short high-temperature NVT run of the reference 70:30 glass in LAMMPS, written from parameters.json following
/// REFERENCE.md (hybrid/overlay lj/class2/coul/long 12 12 + sw, class2 bonded terms, special bonds, charges from the
/// charge rules; PPPM 1e-4 to keep it cheap): 200 steps of 1 fs at 1500 K, dumps every 20 steps (wrapped + image
/// flags in one file, unwrapped columns in another, both at 17 significant digits) and LAMMPS
/// <c>compute msd com yes</c> of the Li group written by <c>fix ave/time</c>. The result is cached under the temp
/// folder by a hash of the input, so the suite runs LAMMPS once per machine (about 10–40 s on 1 core).
/// </summary>
public sealed class LammpsGlassRun
{
    private static readonly Lazy<LammpsGlassRun> Shared = new(() => new LammpsGlassRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Type names of the data file's types 1..8 (parameters.json).</summary>
    public static readonly string[] TypeNames = ["P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li"];

    public const int Steps = 200, Every = 20;
    public const double TimestepFs = 1.0;

    public string Folder { get; }
    public string WrappedDump => Path.Combine(Folder, "wrapped.dump");
    public string UnwrappedDump => Path.Combine(Folder, "unwrapped.dump");
    public string MsdFile => Path.Combine(Folder, "msd.txt");

    /// <summary>Runs (or reuses) the LAMMPS trajectory; skips the test when lmp or the reference files are missing.</summary>
    public static LammpsGlassRun Get()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        _ = References.ReferenceGlass;
        _ = References.ParametersJson;
        _ = lmp;
        return Shared.Value;
    }

    private LammpsGlassRun()
    {
        var (input, ff, sw) = Inputs();
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input + ff + sw)))[..16];
        Folder = Path.Combine(Path.GetTempPath(), "vitrion-transport-lammps-" + hash);
        if (File.Exists(Path.Combine(Folder, "done"))) { return; }
        string work = Folder + ".tmp-" + Environment.ProcessId;
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "in.md"), input);
        File.WriteAllText(Path.Combine(work, "ff.in"), ff);
        File.WriteAllText(Path.Combine(work, "ff.sw"), sw);
        var (code, so, se) = References.Run("lmp", "-in in.md -log log.lammps -screen none -echo none", work, 900);
        if (code != 0)
        {
            string log = File.Exists(Path.Combine(work, "log.lammps")) ? File.ReadAllText(Path.Combine(work, "log.lammps")) : "";
            throw new InvalidOperationException($"lmp failed ({code}): {so}\n{se}\n{log[Math.Max(0, log.Length - 2000)..]}");
        }

        File.WriteAllText(Path.Combine(work, "done"), "ok");
        try
        {
            if (Directory.Exists(Folder)) { Directory.Delete(Folder, true); }
            Directory.Move(work, Folder);
        }
        catch (IOException) when (File.Exists(Path.Combine(Folder, "done")))
        {
            // Another process finished first.
        }
    }

    private static (string Input, string ForceField, string Sw) Inputs()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(References.ParametersJson));
        var root = doc.RootElement;
        var pairs = root.GetProperty("nonbonded").GetProperty("pairs");
        JsonElement Pair(string a, string b) => pairs.TryGetProperty(a + "-" + b, out var p) ? p : pairs.GetProperty(b + "-" + a);
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var ff = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            for (int j = i; j < 8; j++)
            {
                var p = Pair(TypeNames[i], TypeNames[j]);
                ff.Append(CultureInfo.InvariantCulture, $"pair_coeff {i + 1} {j + 1} lj/class2/coul/long {F(p.GetProperty("epsilon").GetDouble())} {F(p.GetProperty("sigma").GetDouble())}\n");
            }
        }

        ff.Append("pair_coeff * * sw ff.sw NULL S2 NULL S1 Sc NULL S4 Li\n");
        for (int i = 0; i < 8; i++)
        {
            ff.Append(CultureInfo.InvariantCulture, $"set type {i + 1} charge {F(root.GetProperty("types").GetProperty(TypeNames[i]).GetProperty("charge").GetDouble())}\n");
        }

        // Stillinger–Weber: Li-centred entries only (λ, cos θ0 from the i j k entry; γ of a leg from the i j j entry).
        var sw = root.GetProperty("three_body_stillinger_weber");
        string[] s = ["S2", "S1", "Sc", "S4"];
        string[] el = [.. s, "Li"];
        var swText = new StringBuilder();
        foreach (var a in el)
        {
            foreach (var b in el)
            {
                foreach (var c in el)
                {
                    if (a == "Li" && s.Contains(b) && s.Contains(c))
                    {
                        var lc = sw.GetProperty("lambda_cos0").TryGetProperty(b + "," + c, out var x) ? x : sw.GetProperty("lambda_cos0").GetProperty(c + "," + b);
                        swText.Append(CultureInfo.InvariantCulture, $"{a} {b} {c} 1.0 1.0 5.0 {F(lc.GetProperty("lambda").GetDouble())} {F(sw.GetProperty("gamma").GetProperty(b).GetDouble())} {F(lc.GetProperty("cos_theta0").GetDouble())} 0 0 0 0 0\n");
                    }
                    else
                    {
                        swText.Append(CultureInfo.InvariantCulture, $"{a} {b} {c} 0.0 1.0 0.0 0.0 1.0 0.0 0 0 0 0 0\n");
                    }
                }
            }
        }

        string input = $"""
            units real
            atom_style full
            boundary p p p
            pair_style hybrid/overlay lj/class2/coul/long 12.0 12.0 sw
            bond_style class2
            angle_style class2
            dihedral_style class2
            special_bonds lj 0.0 0.0 0.5 coul 0.0 0.0 0.8333
            read_data {References.ReferenceGlass}
            include ff.in
            kspace_style pppm 1.0e-4
            timestep {TimestepFs}
            group li type 8
            velocity all create 1500.0 4928459 mom yes rot no dist gaussian
            fix 1 all nvt temp 1500.0 1500.0 100.0
            compute msd li msd com yes
            fix 2 all ave/time {Every} 1 {Every} c_msd[1] c_msd[2] c_msd[3] c_msd[4] file msd.txt format " %.17g"
            dump 1 all custom {Every} wrapped.dump id type x y z ix iy iz
            dump_modify 1 sort id format float %.17g
            dump 2 all custom {Every} unwrapped.dump id type xu yu zu
            dump_modify 2 sort id format float %.17g
            thermo 100
            run {Steps}

            """;
        return (input, ff.ToString(), swText.ToString());
    }

    /// <summary>LAMMPS compute msd rows: step → (dx², dy², dz², total) [Å²].</summary>
    public SortedDictionary<long, double[]> ReadMsd()
    {
        var d = new SortedDictionary<long, double[]>();
        foreach (var line in File.ReadLines(MsdFile))
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line)) { continue; }
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            d[long.Parse(p[0], CultureInfo.InvariantCulture)] = p.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }

        return d;
    }
}

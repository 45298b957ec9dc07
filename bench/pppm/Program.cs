// PPPM benchmark and accuracy check on a LAMMPS data file (default: the 8069-atom reference glass, charges only).
// Usage: dotnet run -c Release -- [DATA] [--lammps-dir DIR] [--reps N]
// DIR may hold LAMMPS dumps forces_ewald8.dump / forces_pppm_t0.dump (pair coul/long 12, see run.sh) for the force-error check.
using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.IntegralTransforms;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Kspace;
using Vitrion.IO.Lammps;

string dataPath = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine(FindShared(), "reference", "ariga2022", "70Li2S-30P2S5.data");
string? lmpDir = Arg("--lammps-dir");
int reps = int.Parse(Arg("--reps") ?? "200", CultureInfo.InvariantCulture);
var inv = CultureInfo.InvariantCulture;

var data = LammpsDataReader.Read(dataPath);
var state = data.ToState();
int n = state.AtomCount;
var sw = Stopwatch.StartNew();
var pppm = new Pppm(data.Topology, data.Box, new PppmOptions { Accuracy = 1e-5, RealSpaceCutoff = 12.0, Threads = 1 });
Console.WriteLine(FormattableString.Invariant($"atoms {n}  construct {sw.Elapsed.TotalMilliseconds:F1} ms  grid {pppm.GridX} {pppm.GridY} {pppm.GridZ}  g_ewald {pppm.GEwald:R}  est.rel.force.err {pppm.EstimatedRelativeForceError:G8}"));
var buf = new ForceBuffer(n);
buf.Clear(true);
pppm.Compute(state, buf);
Console.WriteLine(FormattableString.Invariant($"elong {buf.Energies.Elong:F10}  sum(pe/atom) {buf.PerAtomEnergy.Sum():F10}"));
Console.WriteLine("virial " + string.Join(" ", buf.Virial.Select(v => v.ToString("F6", inv))));

// real-space erfc Coulomb (all pairs, no exclusions) with the same g_ewald, for totals and force errors
double g = pppm.GEwald, rc = 12.0, C = Units.Coulomb;
var q = data.Topology.Charges;
var fr = new Vec3[n];
double er = 0;
var box = data.Box;
for (int i = 0; i < n; i++)
{
    for (int j = i + 1; j < n; j++)
    {
        var d = box.MinimumImage(state.Positions[i] - state.Positions[j]);
        double r2 = d.NormSquared;
        if (r2 >= rc * rc) { continue; }
        double r = Math.Sqrt(r2);
        double erfc = MathNet.Numerics.SpecialFunctions.Erfc(g * r);
        double qq = C * q[i] * q[j];
        er += qq * erfc / r;
        double fpair = qq * (erfc / r + 2 * g / Math.Sqrt(Math.PI) * Math.Exp(-g * g * r2)) / r2;
        fr[i] += fpair * d;
        fr[j] -= fpair * d;
    }
}

Console.WriteLine(FormattableString.Invariant($"ecoul(real, all pairs) {er:F10}  ecoul+elong {er + buf.Energies.Elong:F10}"));
if (lmpDir is not null)
{
    foreach (var f in new[] { "forces_ewald8.dump", "forces_pppm_t0.dump", "forces_pppm.dump" })
    {
        string path = Path.Combine(lmpDir, f);
        if (!File.Exists(path)) { continue; }
        var refF = ReadDump(path);
        double s = 0;
        for (int i = 0; i < n; i++) { s += (fr[i] + buf.Forces[i] - refF[data.Topology.Ids[i]]).NormSquared; }
        Console.WriteLine(FormattableString.Invariant($"RMS |F_vitrion - F_{f}| = {Math.Sqrt(s / n):G6} kcal/mol/A"));
    }
}

foreach (int th in new[] { 1, 2 })
{
    var p2 = new Pppm(data.Topology, data.Box, new PppmOptions { Accuracy = 1e-5, Threads = th });
    for (int it = 0; it < 30; it++) { buf.Clear(false); p2.Compute(state, buf); }
    var proc = Process.GetCurrentProcess();
    var cpu0 = proc.TotalProcessorTime;
    sw.Restart();
    for (int it = 0; it < reps; it++) { buf.Clear(false); p2.Compute(state, buf); }
    double wall = sw.Elapsed.TotalMilliseconds / reps;
    proc.Refresh();
    double cpu = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / reps;
    Array.Clear(p2.StageTicks);
    for (int it = 0; it < reps; it++) { buf.Clear(false); p2.Compute(state, buf); }
    string stages = string.Join(" ", p2.StageTicks.Select(t => (t * 1000.0 / Stopwatch.Frequency / reps).ToString("F3", inv)));
    sw.Restart();
    for (int it = 0; it < 20; it++) { p2.Setup(data.Box.ScaledAboutCentre(1.0 + 1e-6 * (it % 2))); }
    double setup = sw.Elapsed.TotalMilliseconds / 20;
    Console.WriteLine(FormattableString.Invariant($"threads {th}: {wall:F3} ms wall, {cpu:F3} ms cpu per evaluation; Setup(box) {setup:F3} ms; stages [spread fold fftx ffty fftz kspace ifftz iffty ifftx fill interp] ms: {stages}"));
}

// MathNet 1-D transforms (the "well-kept library") for the same 3-D complex FFT, line by line
{
    int nx = pppm.GridX, ny = pppm.GridY, nz = pppm.GridZ;
    var full = new System.Numerics.Complex[nx * ny * nz];
    var line = new System.Numerics.Complex[Math.Max(nx, Math.Max(ny, nz))];
    sw.Restart();
    const int mreps = 3;
    for (int r = 0; r < mreps; r++)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            int len = axis == 0 ? nx : axis == 1 ? ny : nz;
            int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
            var l = new System.Numerics.Complex[len];
            for (int start = 0; start < full.Length; start++)
            {
                int c = axis == 0 ? start % nx : axis == 1 ? (start / nx) % ny : start / (nx * ny);
                if (c != 0) { continue; }
                for (int e = 0; e < len; e++) { l[e] = full[start + e * stride]; }
                Fourier.Forward(l, FourierOptions.NoScaling);
                for (int e = 0; e < len; e++) { full[start + e * stride] = l[e]; }
            }
        }
    }

    var fft = new Fft3dReal(nx, ny, nz);
    var real = new double[nx * ny * nz];
    var sr = new double[fft.SpectrumLength];
    var si = new double[fft.SpectrumLength];
    double mathnet = sw.Elapsed.TotalMilliseconds / mreps;
    for (int it = 0; it < 20; it++) { fft.Forward(real, sr, si); }
    sw.Restart();
    for (int it = 0; it < 100; it++) { fft.Forward(real, sr, si); }
    Console.WriteLine(FormattableString.Invariant($"3-D FFT {nx}x{ny}x{nz}: MathNet Fourier.Forward on lines (complex) {mathnet:F2} ms; Fft3dReal (real-to-complex, 1 thread) {sw.Elapsed.TotalMilliseconds / 100:F3} ms"));
}

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindShared()
{
    string? env = Environment.GetEnvironmentVariable("VITRION_SHARED");
    if (env is not null) { return env; }
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null)
    {
        string c = Path.Combine(d.FullName, "shared");
        if (Directory.Exists(Path.Combine(c, "reference"))) { return c; }
        d = d.Parent;
    }

    d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "Vitrion.sln"))) { d = d.Parent; }
    return Path.Combine(d?.FullName ?? ".", "data"); // data/reference/ariga2022: the in-repository copy
}

static Dictionary<int, Vec3> ReadDump(string f)
{
    var lines = File.ReadAllLines(f);
    int s = Array.FindIndex(lines, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
    var d = new Dictionary<int, Vec3>();
    foreach (var l in lines.Skip(s + 1))
    {
        var p = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 4) { continue; }
        d[int.Parse(p[0], CultureInfo.InvariantCulture)] = new Vec3(double.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture));
    }

    return d;
}

using System.Diagnostics;
using System.Globalization;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;

// Times ArigaForceField.Compute on the 8069-atom reference glass, or the data file given as the sixth argument
// (PPPM 1e-5, 12 Å, skin 2 Å), per part. Usage: Perf THREADS EVALS simd|scalar STEP [TERMS|All] [DATA]
// Each evaluation displaces the atoms by a small deterministic amount (as MD does), so the neighbour list is
// rebuilt about as often as in MD (every ~rebuildEvery evaluations); the "neigh" figure includes those rebuilds.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
int evals = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
bool simd = !(args.Length > 2 && args[2] == "scalar");
double step = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.01; // Å per evaluation per component (max)
var terms = args.Length > 4 ? Enum.Parse<ForceFieldTerms>(args[4], true) : ForceFieldTerms.All;
string root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "Vitrion.sln"))) { root = Path.GetDirectoryName(root)!; }
string data = args.Length > 5 ? Path.GetFullPath(args[5]) : Path.Combine(root, "data", "reference", "ariga2022", "70Li2S-30P2S5.data"); // in-repository copy (data/reference/ariga2022/PROVENANCE.md)
var d = LammpsDataReader.Read(data);
var spec = ForceFieldSpec.Load(Path.Combine(root, "data", "forcefields", "ariga2022.json"));
var state = new SystemState(d.Topology, d.Box, d.Positions.ToArray());
bool concurrent = Environment.GetEnvironmentVariable("PERF_CONCURRENT") != "0";
var ff = new ArigaForceField(spec, d.Topology, d.Box, new ForceFieldOptions { ConcurrentTerms = concurrent, Threads = threads, Simd = simd, Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, Terms = terms, MaxVectorBits = int.Parse(Environment.GetEnvironmentVariable("PERF_VECTOR_BITS") ?? "512", CultureInfo.InvariantCulture) });
var buf = new ForceBuffer(d.Topology.AtomCount);
var rng = new Random(12345);
var dir = new Vec3[state.Positions.Length];
for (int i = 0; i < dir.Length; i++) { dir[i] = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * (2 * step); }
ff.Compute(state, buf); // warm-up (JIT, first build, PPPM setup)
ff.Compute(state, buf);
double pe0 = buf.Energies.Pe;
Console.WriteLine(FormattableString.Invariant($"warm-up pe {pe0:R} elj {buf.Energies.Elj:R} ecoul {buf.Energies.Ecoul:R} e3body {buf.Energies.E3body:R} simd {ff.UsesSimd}"));
ff.ResetTimings();
int builds0 = ff.NeighborListBuilds;
long alloc0 = GC.GetAllocatedBytesForCurrentThread();
long allocAll0 = GC.GetTotalAllocatedBytes(true);
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var sw = Stopwatch.StartNew();
for (int n = 0; n < evals; n++)
{
    var p = state.Positions;
    for (int i = 0; i < p.Length; i++) { p[i] += dir[i]; }
    ff.Compute(state, buf);
}

sw.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
long allocAll = GC.GetTotalAllocatedBytes(true) - allocAll0;
Console.WriteLine(FormattableString.Invariant($"threads {threads} simd {ff.UsesSimd} avx512 {ff.UsesAvx512} evals {evals} builds {ff.NeighborListBuilds - builds0} pairs {ff.NeighborPairs} total {1000 * sw.Elapsed.TotalSeconds / evals:F2} ms/eval (process CPU {1000 * cpu.TotalSeconds / evals:F2} ms/eval) alloc {allocAll / evals / 1024.0:F1} KiB/eval"));
foreach (var kv in ff.TimingsSeconds.OrderByDescending(k => k.Value))
{
    Console.WriteLine(FormattableString.Invariant($"  {kv.Key,-9} {1000 * kv.Value / evals,8:F2} ms/eval"));
}
Console.WriteLine(FormattableString.Invariant($"final pe {buf.Energies.Pe:R} elj {buf.Energies.Elj:R} ecoul {buf.Energies.Ecoul:R} fx0 {buf.Forces[0].X:R}"));
// With PERF_MD_STEPS=N: N steps of NVE (velocity Verlet, 1 fs) from the file's positions and velocities with a fresh
// force field, per part, and "integration+other" = wall time per step minus the force evaluation.
if (int.TryParse(Environment.GetEnvironmentVariable("PERF_MD_STEPS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int mdSteps) && mdSteps > 0)
{
    var mdState = new SystemState(d.Topology, d.Box, d.Positions.ToArray(), d.Velocities?.ToArray(), d.Images.ToArray());
    var mdField = new ArigaForceField(spec, d.Topology, d.Box, new ForceFieldOptions { ConcurrentTerms = concurrent, Threads = threads, Simd = simd, Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, MaxVectorBits = int.Parse(Environment.GetEnvironmentVariable("PERF_VECTOR_BITS") ?? "512", CultureInfo.InvariantCulture) });
    mdState = new SystemState(mdField.Topology, mdState.Box, mdState.Positions, mdState.Velocities, mdState.Images);
    var sim = new Vitrion.Dynamics.Simulation(mdState, mdField, new Vitrion.Dynamics.Integrators.VelocityVerlet(), 1.0);
    sim.Setup(mdSteps + 20);
    sim.Run(20); // warm-up (JIT)
    mdField.ResetTimings();
    int b0 = mdField.NeighborListBuilds;
    var mdClock = Stopwatch.StartNew();
    sim.Run(20 + mdSteps);
    mdClock.Stop();
    double perStep = 1000 * mdClock.Elapsed.TotalSeconds / mdSteps;
    double force = 1000 * mdField.WallSeconds / mdSteps;
    Console.WriteLine("  estimated costs (ms): " + string.Join(", ", mdField.EstimatedCostsNanoseconds().Select(kv => FormattableString.Invariant($"{kv.Key} {kv.Value / 1e6:F3}"))) + FormattableString.Invariant($"; specials {mdField.NeighborSpecialPairs}"));
    Console.WriteLine(FormattableString.Invariant($"md nve threads {threads} steps {mdSteps} builds {mdField.NeighborListBuilds - b0} total {perStep:F3} ms/step ({1000 / perStep:F1} steps/s)"));
    foreach (var kv in mdField.TimingsSeconds.OrderByDescending(k => k.Value))
    {
        Console.WriteLine(FormattableString.Invariant($"  md {kv.Key,-9} {1000 * kv.Value / mdSteps,8:F3} ms/step"));
    }

    Console.WriteLine(FormattableString.Invariant($"  md {"integration+other",-9} {perStep - force,8:F3} ms/step"));
}

if (ff.Kspace is Vitrion.ForceField.Kspace.Pppm pppm)
{
    var stages = Vitrion.ForceField.Kspace.Pppm.StageNames;
    Console.WriteLine(FormattableString.Invariant($"  pppm grid {pppm.GridX}x{pppm.GridY}x{pppm.GridZ}, stages (ms/eval, warm-up included):"));
    for (int k = 0; k < stages.Count; k++)
    {
        Console.WriteLine(FormattableString.Invariant($"    {stages[k],-12} {1000.0 * pppm.StageTicks[k] / Stopwatch.Frequency / (evals + 2),8:F3}"));
    }
}

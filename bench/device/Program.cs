// The device check of issue #21: the device engine against the CPU engine on the reference glass (PPPM and Ewald),
// an NVE run with everything on the device (energy drift), and steps/s at 8069 and 64 552 atoms (the glass replicated
// 2×2×2). Writes results.json and prints a summary. Usage:
//   device-check [--device gpu|cpu-accelerator] [--data FILE] [--out DIR] [--nve-ps 10] [--nve-max-s 200] [--bench-steps 200] [--quick]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vitrion.Core;
using Vitrion.Device;
using Vitrion.Device.Integrators;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Integrators;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string Arg(string name, string fallback) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback; }
bool quick = args.Contains("--quick");
var kind = DevicePotentials.Parse(Arg("--device", "gpu"));
string here = AppContext.BaseDirectory;
string data = Arg("--data", Path.Combine(here, "data", "reference", "ariga2022", "70Li2S-30P2S5.data"));
string outDir = Arg("--out", "device-check-out");
double nvePs = double.Parse(Arg("--nve-ps", quick ? "0.02" : "10"), CultureInfo.InvariantCulture);
int benchSteps = int.Parse(Arg("--bench-steps", quick ? "5" : "200"), CultureInfo.InvariantCulture);
double nveMaxS = double.Parse(Arg("--nve-max-s", "200"), CultureInfo.InvariantCulture); // stop the NVE run early (and say so) past this wall time
Directory.CreateDirectory(outDir);
var results = new Dictionary<string, object>();
bool ok = true;
// results.json is rewritten after every section, so a run stopped by a time limit still leaves what it measured.
void Save() => File.WriteAllText(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));

Console.WriteLine("== accelerators");
foreach (var d in DeviceAccelerator.List()) { Console.WriteLine($"  {d.Kind} {d.Index}: {d.Name} cc={d.ComputeCapability} mem={d.MemoryBytes / 1073741824.0:F1} GiB"); }
var device = DevicePotentials.Accelerator(kind);
Console.WriteLine($"  using: {device.Description}");
results["device"] = device.Description;

var ld = LammpsDataReader.Read(data);
var spec = ForceFieldSpec.Load(Path.Combine(here, "data", "forcefields", "ariga2022.json"));
Console.WriteLine($"== reference glass {data}: {ld.Topology.AtomCount} atoms");

foreach (var style in new[] { KspaceStyle.Pppm, KspaceStyle.Ewald })
{
    var options = new ForceFieldOptions { Kspace = style };
    var cpuField = new ArigaForceField(spec, ld.Topology, ld.Box, options);
    var st = new SystemState(cpuField.Topology, ld.Box, (Vec3[])ld.Positions.Clone());
    var cpu = new ForceBuffer(st.AtomCount);
    var sw = Stopwatch.StartNew();
    cpuField.Compute(st, cpu, true);
    double cpuS = sw.Elapsed.TotalSeconds;
    using var pot = new DevicePotential(device, spec, ld.Topology, ld.Box, options);
    var dev = new ForceBuffer(st.AtomCount);
    pot.Compute(st, dev, true); // compiles the kernels
    sw.Restart();
    pot.Compute(st, dev, true);
    double devS = sw.Elapsed.TotalSeconds;
    double ss = 0, max = 0, emax = 0;
    for (int i = 0; i < st.AtomCount; i++)
    {
        double d2 = (cpu.Forces[i] - dev.Forces[i]).NormSquared;
        ss += d2; max = Math.Max(max, Math.Sqrt(d2));
        emax = Math.Max(emax, Math.Abs(cpu.PerAtomEnergy[i] - dev.PerAtomEnergy[i]));
    }

    double rms = Math.Sqrt(ss / st.AtomCount);
    double peRel = Math.Abs(cpu.Energies.Pe - dev.Energies.Pe) / Math.Abs(cpu.Energies.Pe);
    double virRel = Enumerable.Range(0, 6).Max(k => Math.Abs(cpu.Virial[k] - dev.Virial[k])) / Math.Abs(cpu.Virial[0]);
    bool pass = peRel < 1e-6 && rms < 1e-6;
    ok &= pass;
    string name = style.ToString().ToLowerInvariant();
    Console.WriteLine($"  {name}: pe cpu {cpu.Energies.Pe:R} device {dev.Energies.Pe:R} rel {peRel:E2}; force RMS diff {rms:E2}, max {max:E2} kcal/mol/Å; " +
        $"virial rel {virRel:E2}; e_atom max diff {emax:E2}; one evaluation cpu {cpuS * 1e3:F1} ms, device {devS * 1e3:F1} ms  {(pass ? "PASS" : "FAIL")}");
    foreach (var (term, a, b) in new[] { ("elj", cpu.Energies.Elj, dev.Energies.Elj), ("e3body", cpu.Energies.E3body, dev.Energies.E3body), ("ecoul", cpu.Energies.Ecoul, dev.Energies.Ecoul),
        ("elong", cpu.Energies.Elong, dev.Energies.Elong), ("ebond", cpu.Energies.Ebond, dev.Energies.Ebond), ("eangle", cpu.Energies.Eangle, dev.Energies.Eangle), ("edihed", cpu.Energies.Edihed, dev.Energies.Edihed) })
    {
        Console.WriteLine($"      {term,-7} cpu {a,22:R} device {b,22:R} diff {b - a:E2}");
    }

    results[$"compare_{name}"] = new { pe_cpu = cpu.Energies.Pe, pe_device = dev.Energies.Pe, pe_rel = peRel, force_rms_diff = rms, force_max_diff = max, virial_rel = virRel,
        eatom_max_diff = emax, cpu_eval_s = cpuS, device_eval_s = devS, pass };
    Save();
}

// NVE with everything on the device (PPPM on the device): conserved-energy drift.
{
    var options = new ForceFieldOptions();
    using var pot = new DevicePotential(device, spec, ld.Topology, ld.Box, options);
    var st = new SystemState(pot.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), ld.Velocities is null ? null : (Vec3[])ld.Velocities.Clone());
    long steps = (long)Math.Round(nvePs * 1000);
    using var md = new DeviceMd(pot, st, 1.0);
    var s0 = md.Sample();
    var samples = new List<(long Step, double Conserved)> { (0, s0.Conserved) };
    int every = (int)Math.Max(1, Math.Min(1000, steps / 10));
    var sw = Stopwatch.StartNew();
    for (long done = 0; done < steps; done += every)
    {
        md.Run(Math.Min(every, steps - done));
        samples.Add((md.Step, md.Sample().Conserved));
        if (sw.Elapsed.TotalSeconds > nveMaxS && md.Step < steps)
        {
            Console.WriteLine($"  NVE stopped at step {md.Step} of {steps}: past --nve-max-s {nveMaxS} s");
            steps = md.Step;
            break;
        }
    }

    double wall = sw.Elapsed.TotalSeconds;
    var s1 = md.Sample();
    double mx = samples.Average(p => p.Step), my = samples.Average(p => p.Conserved);
    double slope = samples.Sum(p => (p.Step - mx) * (p.Conserved - my)) / Math.Max(1e-300, samples.Sum(p => (p.Step - mx) * (p.Step - mx))); // kcal/mol per step
    double perAtomPerNs = slope * 1e6 / st.AtomCount;
    Console.WriteLine($"== NVE {steps / 1000.0} ps (dt 1 fs, {steps} steps) on the device: conserved {s0.Conserved:F4} → {s1.Conserved:F4} kcal/mol " +
        $"(Δ {s1.Conserved - s0.Conserved:E3}); drift {perAtomPerNs:E3} kcal/mol/atom/ns; T {s0.Temperature:F1} → {s1.Temperature:F1} K; {steps / wall:F1} steps/s");
    results["nve"] = new { ps = steps / 1000.0, steps, conserved_start = s0.Conserved, conserved_end = s1.Conserved, drift_kcal_per_mol_atom_ns = perAtomPerNs, steps_per_s = steps / wall,
        neighbor_builds = pot.NeighborList.BuildCount };
    Save();
}

// Throughput at 8069 and 64 552 atoms (the glass replicated 2×2×2): device-resident NVE vs the CPU engine.
foreach (int rep in quick ? new[] { 1 } : new[] { 1, 2 }) // --quick: 8069 atoms only
{
    var (topo, pos, vel, box) = Replicate(ld, rep);
    var options = new ForceFieldOptions();
    using var pot = new DevicePotential(device, spec, topo, box, options);
    var st = new SystemState(pot.Topology, box, pos, vel);
    using var md = new DeviceMd(pot, st, 1.0);
    md.Run(2); // warm-up
    var sw = Stopwatch.StartNew();
    md.Run(benchSteps);
    double devRate = benchSteps / sw.Elapsed.TotalSeconds;
    var cpuField = new ArigaForceField(spec, topo, box, options);
    var cst = new SystemState(cpuField.Topology, box, (Vec3[])pos.Clone(), (Vec3[])vel.Clone());
    var sim = new Simulation(cst, cpuField, new VelocityVerlet(), 1.0);
    int cpuSteps = Math.Max(2, benchSteps / (rep == 1 ? 10 : 40));
    sim.Setup(cpuSteps + 1);
    sim.Run(1);
    sw.Restart();
    sim.Run(1 + cpuSteps);
    double cpuRate = cpuSteps / sw.Elapsed.TotalSeconds;
    Console.WriteLine($"== throughput {topo.AtomCount} atoms: device {devRate:F1} steps/s ({benchSteps} steps), CPU engine on {Environment.ProcessorCount} threads {cpuRate:F2} steps/s ({cpuSteps} steps)");
    results[$"throughput_{topo.AtomCount}"] = new { atoms = topo.AtomCount, device_steps_per_s = devRate, cpu_steps_per_s = cpuRate, cpu_threads = Environment.ProcessorCount };
    Save();
}

results["pass"] = ok;
Save();
Console.WriteLine(ok ? "device check: PASS (energy/force agreement)" : "device check: FAIL (energy/force agreement)");
return ok ? 0 : 1;

static (Topology Topology, Vec3[] Positions, Vec3[] Velocities, Box Box) Replicate(LammpsData d, int k)
{
    var t = d.Topology;
    int n = t.AtomCount, copies = k * k * k;
    var b = d.Box;
    var box = new Box(b.Origin, k * b.Lx, k * b.Ly, k * b.Lz);
    var types = new int[n * copies]; var q = new double[n * copies]; var ids = new int[n * copies]; var mol = new int[n * copies];
    var pos = new Vec3[n * copies]; var vel = new Vec3[n * copies];
    var bonds = new List<Bond>(); var angles = new List<Angle>(); var dihedrals = new List<Dihedral>();
    int maxMol = t.MoleculeIds.Length > 0 ? t.MoleculeIds.Max() : 0;
    int c = 0;
    for (int a = 0; a < k; a++)
    {
        for (int bb = 0; bb < k; bb++)
        {
            for (int cc = 0; cc < k; cc++, c++)
            {
                int o = c * n;
                var shift = new Vec3(a * b.Lx, bb * b.Ly, cc * b.Lz);
                for (int i = 0; i < n; i++)
                {
                    types[o + i] = t.Types[i]; q[o + i] = t.Charges[i]; ids[o + i] = o + i + 1;
                    mol[o + i] = t.MoleculeIds.Length > 0 ? t.MoleculeIds[i] + c * maxMol : 0;
                    pos[o + i] = b.Unwrap(d.Positions[i], d.Images[i]) + shift;
                    vel[o + i] = d.Velocities is null ? default : d.Velocities[i];
                }

                foreach (var x in t.Bonds) { bonds.Add(new Bond(x.Type, x.I + o, x.J + o)); }
                foreach (var x in t.Angles) { angles.Add(new Angle(x.Type, x.I + o, x.J + o, x.K + o)); }
                foreach (var x in t.Dihedrals) { dihedrals.Add(new Dihedral(x.Type, x.I + o, x.J + o, x.K + o, x.L + o)); }
            }
        }
    }

    var topo = new Topology(t.TypeNames, t.TypeMasses, types, q, ids, mol, bonds, angles, dihedrals, t.BondTypeNames, t.AngleTypeNames, t.DihedralTypeNames);
    return (topo, pos, vel, box);
}

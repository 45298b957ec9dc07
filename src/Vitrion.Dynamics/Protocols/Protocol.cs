using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Dynamics.Protocols;

/// <summary>What a protocol stage does.</summary>
public enum StageKind
{
    /// <summary>Energy minimisation (FIRE), box fixed.</summary>
    Minimise,

    /// <summary>Velocity Verlet, constant energy.</summary>
    Nve,

    /// <summary>Nosé–Hoover chain thermostat (LAMMPS fix nvt).</summary>
    Nvt,

    /// <summary>Nosé–Hoover chain + MTK isotropic barostat (LAMMPS fix npt iso).</summary>
    Npt,

    /// <summary>Langevin (BAOAB) thermostat.</summary>
    Langevin,
}

/// <summary>Force-field settings of a run.</summary>
/// <param name="ForceFieldFile">force-field JSON (null: the repository's ariga2022.json).</param>
/// <param name="Kspace">long-range Coulomb (pppm, ewald or none; <see cref="KspaceStyleNames"/>).</param>
/// <param name="Accuracy">relative k-space force accuracy (LAMMPS kspace_style accuracy).</param>
/// <param name="Cutoff">real-space cutoff [Å] (null: the force field's, 12 Å).</param>
/// <param name="Skin">neighbour skin [Å].</param>
/// <param name="Threads">threads (0 = all cores).</param>
public sealed record ForceFieldSettings(string? ForceFieldFile = null, KspaceStyle Kspace = KspaceStyle.Pppm, double Accuracy = 1e-5,
    double? Cutoff = null, double Skin = 2.0, int Threads = 0)
{
    /// <summary>Settings with the k-space style given by name (pppm, ewald or none).</summary>
    /// <param name="forceFieldFile">force-field JSON (null: the repository's ariga2022.json).</param>
    /// <param name="kspace">pppm, ewald or none (<see cref="KspaceStyleNames.Parse"/>).</param>
    /// <param name="accuracy">relative k-space force accuracy.</param>
    /// <param name="cutoff">real-space cutoff [Å] (null: the force field's, 12 Å).</param>
    /// <param name="skin">neighbour skin [Å].</param>
    /// <param name="threads">threads (0 = all cores).</param>
    public ForceFieldSettings(string? forceFieldFile, string kspace, double accuracy, double? cutoff, double skin, int threads)
        : this(forceFieldFile, KspaceStyleNames.Parse(kspace, "kspace"), accuracy, cutoff, skin, threads)
    {
    }
}

/// <summary>A periodic output: a file and an interval in steps (0 = off).</summary>
/// <param name="File">path (resolved); null keeps the output in memory only (thermo).</param>
/// <param name="Every">interval in steps.</param>
public sealed record OutputSpec(string? File, long Every);

/// <summary>One stage of a protocol.</summary>
public sealed record ProtocolStage
{
    /// <summary>Label (default "stage N").</summary>
    public required string Name { get; init; }

    /// <summary>Kind.</summary>
    public required StageKind Kind { get; init; }

    /// <summary>MD steps (or the maximum number of minimiser steps).</summary>
    public required long Steps { get; init; }

    /// <summary>Timestep [fs] (null: the protocol's).</summary>
    public double? TimestepFs { get; init; }

    /// <summary>Temperature schedule [K] over the stage.</summary>
    public Schedule? Temperature { get; init; }

    /// <summary>Pressure schedule [atm] over the stage.</summary>
    public Schedule? Pressure { get; init; }

    /// <summary>Thermostat damping time [fs] (LAMMPS Tdamp; Langevin damp); default 100.</summary>
    public double TdampFs { get; init; } = 100;

    /// <summary>Barostat damping time [fs] (LAMMPS Pdamp); default 1000.</summary>
    public double PdampFs { get; init; } = 1000;

    /// <summary>Assign Maxwell–Boltzmann velocities at this temperature [K] at the start of the stage (null: keep velocities).</summary>
    public double? VelocityTemperature { get; init; }

    /// <summary>Seed for the velocities / Langevin noise (null: derived from the protocol seed and the stage index).</summary>
    public ulong? Seed { get; init; }

    /// <summary>Thermo interval override (null: protocol's).</summary>
    public long? ThermoEvery { get; init; }

    /// <summary>Dump interval override (null: protocol's).</summary>
    public long? DumpEvery { get; init; }

    /// <summary>Minimiser force tolerance [kcal/mol/Å] (minimise stages).</summary>
    public double ForceTolerance { get; init; } = 0.1;

    /// <summary>Source line of the stage.</summary>
    public int Line { get; init; }
}

/// <summary>
/// A run protocol (TOML): the structure, force-field settings, outputs and a list of stages, so a melt–quench is one
/// file. Relative paths are resolved from the protocol file's folder. See <see cref="ProtocolParser"/> for the format.
/// </summary>
public sealed record Protocol
{
    /// <summary>The protocol file.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Input structure (LAMMPS data file), resolved.</summary>
    public required string DataFile { get; init; }

    /// <summary>Force-field settings.</summary>
    public ForceFieldSettings ForceField { get; init; } = new();

    /// <summary>Master seed.</summary>
    public ulong Seed { get; init; } = 12345;

    /// <summary>Default timestep [fs].</summary>
    public double TimestepFs { get; init; } = 1.0;

    /// <summary>Thermo CSV (null: none); Every is the default thermo interval.</summary>
    public OutputSpec? Thermo { get; init; }

    /// <summary>Trajectory (null: none).</summary>
    public OutputSpec? Dump { get; init; }

    /// <summary>Checkpoint (null: none).</summary>
    public OutputSpec? Checkpoint { get; init; }

    /// <summary>Final data file (null: none).</summary>
    public string? FinalData { get; init; }

    /// <summary>The stages in order.</summary>
    public required ImmutableArray<ProtocolStage> Stages { get; init; }

    /// <summary>Total MD steps (minimise stages excluded).</summary>
    public long TotalMdSteps => Stages.Where(s => s.Kind != StageKind.Minimise).Sum(s => s.Steps);
}

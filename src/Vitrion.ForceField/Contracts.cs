using Vitrion.Core;

namespace Vitrion.ForceField;

/// <summary>Energies per term [kcal/mol], named as LAMMPS thermo keywords.</summary>
public sealed class EnergyTerms
{
    /// <summary>9-6 LJ (lj/class2) [kcal/mol].</summary>
    public double Elj { get; set; }

    /// <summary>Stillinger–Weber three-body [kcal/mol].</summary>
    public double E3body { get; set; }

    /// <summary>Real-space Coulomb including special-bond corrections (LAMMPS ecoul) [kcal/mol].</summary>
    public double Ecoul { get; set; }

    /// <summary>Reciprocal-space Coulomb incl. self and background terms (LAMMPS elong) [kcal/mol].</summary>
    public double Elong { get; set; }

    /// <summary>Bond energy [kcal/mol].</summary>
    public double Ebond { get; set; }

    /// <summary>Angle energy incl. bond–bond and bond–angle cross terms [kcal/mol].</summary>
    public double Eangle { get; set; }

    /// <summary>Dihedral energy [kcal/mol].</summary>
    public double Edihed { get; set; }

    /// <summary>LAMMPS evdwl = LJ + three-body [kcal/mol].</summary>
    public double Evdwl => Elj + E3body;

    /// <summary>Total potential energy [kcal/mol].</summary>
    public double Pe => Elj + E3body + Ecoul + Elong + Ebond + Eangle + Edihed;

    /// <summary>Sets every term to zero.</summary>
    public void Clear() { Elj = E3body = Ecoul = Elong = Ebond = Eangle = Edihed = 0; }

    /// <summary>Adds another set of terms.</summary>
    public void Add(EnergyTerms o)
    {
        Elj += o.Elj; E3body += o.E3body; Ecoul += o.Ecoul; Elong += o.Elong; Ebond += o.Ebond; Eangle += o.Eangle; Edihed += o.Edihed;
    }
}

/// <summary>
/// The output of a force evaluation, reused between steps (no allocation per evaluation): forces
/// [kcal/mol/Å], energies [kcal/mol], virial W = Σ r_ij ⊗ f_ij [kcal/mol] as (xx, yy, zz, xy, xz, yz), and
/// optionally per-atom energies [kcal/mol] with LAMMPS pe/atom conventions.
/// </summary>
public sealed class ForceBuffer
{
    /// <summary>Creates a buffer for <paramref name="atomCount"/> atoms.</summary>
    public ForceBuffer(int atomCount)
    {
        Forces = new Vec3[atomCount];
        PerAtomEnergy = new double[atomCount];
    }

    /// <summary>Forces [kcal/mol/Å].</summary>
    public Vec3[] Forces { get; }

    /// <summary>Per-atom energies [kcal/mol]; filled only when requested.</summary>
    public double[] PerAtomEnergy { get; }

    /// <summary>Energies per term [kcal/mol].</summary>
    public EnergyTerms Energies { get; } = new();

    /// <summary>Virial (xx, yy, zz, xy, xz, yz) [kcal/mol].</summary>
    public double[] Virial { get; } = new double[6];

    /// <summary>Whether per-atom energies were requested for the current evaluation.</summary>
    public bool PerAtomRequested { get; set; }

    /// <summary>
    /// Whether the next evaluations must compute energies and the virial (default true). When false a potential may leave
    /// them out (they may then read zero or partial sums) and compute forces only; the forces are the same to the last bit
    /// either way. <c>Simulation</c> clears it on steps where no observer, barostat or end of run needs them, as LAMMPS
    /// computes energies and the virial only on thermo steps.
    /// </summary>
    public bool EnergyRequested { get; set; } = true;

    /// <summary>Total potential energy [kcal/mol].</summary>
    public double PotentialEnergy => Energies.Pe;

    /// <summary>Zeroes everything before an evaluation.</summary>
    public void Clear(bool perAtom)
    {
        Array.Clear(Forces);
        if (perAtom) { Array.Clear(PerAtomEnergy); }
        PerAtomRequested = perAtom;
        Energies.Clear();
        Array.Clear(Virial);
    }

    /// <summary>
    /// Pressure [atm] from the virial and a kinetic energy tensor trace: P = (2 KE + W_xx + W_yy + W_zz) / (3 V).
    /// </summary>
    public double Pressure(Box box, double kineticEnergy) =>
        (2.0 * kineticEnergy + Virial[0] + Virial[1] + Virial[2]) / (3.0 * box.Volume) * Units.PressureToAtm;
}

/// <summary>
/// The calculator contract (as ASE's): anything that turns a state into energies and forces. Integrators,
/// minimisers and NEB drive only this.
/// </summary>
public interface IPotential
{
    /// <summary>Evaluates energies, forces and virial of <paramref name="state"/> into <paramref name="output"/> (cleared first).</summary>
    /// <param name="state">the state (positions may be anywhere; the potential handles periodicity).</param>
    /// <param name="output">the buffer to fill.</param>
    /// <param name="perAtom">also fill per-atom energies.</param>
    void Compute(SystemState state, ForceBuffer output, bool perAtom = false);
}

/// <summary>
/// One term of a force field (pair, k-space, three-body, bonded). It is handed what it reads: the state and the
/// neighbour structure the force field refreshed for this evaluation (terms that need no neighbours ignore it); it adds
/// into the buffer and never clears it.
/// </summary>
public interface IForceTerm
{
    /// <summary>A short name for logs and timings.</summary>
    string Name { get; }

    /// <summary>Adds this term's energy, forces, virial (and per-atom energy when requested) to <paramref name="output"/>.</summary>
    /// <param name="state">the state (positions [Å], box).</param>
    /// <param name="neighbors">the neighbour structure, refreshed for these positions (extended records, pair, special and three-body lists).</param>
    /// <param name="output">the buffer to add to.</param>
    void Compute(SystemState state, Neighbors.GhostNeighborList neighbors, ForceBuffer output);
}

/// <summary>
/// A reciprocal-space Coulomb term (Ewald or PPPM). It chooses the splitting parameter g_ewald [1/Å] from the
/// requested accuracy at setup (as LAMMPS does), and the real-space pair term uses that same value.
/// </summary>
public interface IKspaceTerm : IForceTerm
{
    /// <summary>The Ewald splitting parameter [1/Å].</summary>
    double GEwald { get; }

    /// <summary>Prepares for a (new) box: recomputes box-dependent quantities (k vectors, grid, influence function).</summary>
    void Setup(Box box);
}

/// <summary>
/// A force term whose work can be split over the workers of one parallel region (see <see cref="Threading.ForceSchedule"/>):
/// <see cref="Begin"/> once (serial), then <see cref="Run"/> on each worker for the fractions of the work the schedule gives it
/// (worker w always writes its own slot's buffers, so results do not depend on thread scheduling), then <see cref="Fold"/> on
/// each worker for its range of atoms (forces summed over the slots in slot order), then <see cref="End"/> once (serial:
/// energies and virial). The term's own <see cref="IForceTerm.Compute"/> is the same steps with an even split.
/// </summary>
public interface ISplittableForceTerm : IForceTerm
{
    /// <summary>
    /// The estimated cost of one evaluation [ns of one core of the development machine, see <see cref="Threading.ForceSchedule"/>],
    /// from counts only (pairs, triplets, interactions), so that the split is the same in every run.
    /// </summary>
    /// <param name="neighbors">the neighbour structure of this evaluation.</param>
    double EstimateCost(Neighbors.GhostNeighborList neighbors);

    /// <summary>Prepares an evaluation with <paramref name="slots"/> worker slots.</summary>
    /// <param name="state">the state.</param>
    /// <param name="neighbors">the neighbour structure, refreshed for these positions.</param>
    /// <param name="output">the buffer the evaluation adds to (in <see cref="End"/>, or directly for slot 0 where the term says so).</param>
    /// <param name="slots">number of worker slots.</param>
    void Begin(SystemState state, Neighbors.GhostNeighborList neighbors, ForceBuffer output, int slots);

    /// <summary>Computes the fraction [<paramref name="from"/>, <paramref name="to"/>) of this evaluation's work into slot <paramref name="slot"/>; a slot may run several pieces.</summary>
    /// <param name="slot">worker slot (0 ≤ slot &lt; slots of <see cref="Begin"/>).</param>
    /// <param name="from">start of the piece, a fraction of the work in [0, 1].</param>
    /// <param name="to">end of the piece (≥ <paramref name="from"/>).</param>
    void Run(int slot, double from, double to);

    /// <summary>
    /// Adds the slots' forces (and per-atom energies) of atoms [w·N/W, (w+1)·N/W) (N atoms, w = <paramref name="worker"/>,
    /// W = <paramref name="workers"/>) to the output given to <see cref="Begin"/>, each atom's sum in slot order; called for
    /// every w after all <see cref="Run"/> calls and before <see cref="End"/>, possibly in parallel.
    /// </summary>
    /// <param name="worker">this part.</param>
    /// <param name="workers">number of parts.</param>
    void Fold(int worker, int workers);

    /// <summary>Adds the slots' energies and virial to the output, in slot order (serial, after every <see cref="Fold"/>).</summary>
    void End();
}

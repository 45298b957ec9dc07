namespace Vitrion.Core;

/// <summary>Constants of LAMMPS <c>real</c> units (kcal/mol, Å, fs, g/mol, e, K, atm) and conversions at the edges.</summary>
public static class Units
{
    /// <summary>Boltzmann constant [kcal/mol/K] (LAMMPS real).</summary>
    public const double Boltzmann = 0.0019872067;

    /// <summary>Converts m v² in g/mol·Å²/fs² to kcal/mol (LAMMPS real mvv2e).</summary>
    public const double MvvToEnergy = 48.88821291 * 48.88821291;

    /// <summary>Converts force/mass in (kcal/mol/Å)/(g/mol) to acceleration in Å/fs² (LAMMPS real ftm2v inverse).</summary>
    public const double ForceToAcceleration = 1.0 / 48.88821291 / 48.88821291;

    /// <summary>Coulomb constant qqr2e [kcal·Å/(mol·e²)] of LAMMPS real units.</summary>
    public const double Coulomb = 332.06371;

    /// <summary>Converts energy/volume in kcal/mol/Å³ to atm (LAMMPS real nktv2p).</summary>
    public const double PressureToAtm = 68568.415;

    /// <summary>kcal/mol per eV.</summary>
    public const double KcalPerMolPerEv = 23.060547830619026;

    /// <summary>Avogadro's number [1/mol].</summary>
    public const double Avogadro = 6.02214076e23;

    /// <summary>Converts g/mol/Å³ to g/cm³.</summary>
    public const double DensityToGramPerCm3 = 1.0 / 0.602214076;

    /// <summary>Elementary charge [C].</summary>
    public const double ElementaryCharge = 1.602176634e-19;

    /// <summary>Boltzmann constant [J/K].</summary>
    public const double BoltzmannSi = 1.380649e-23;

    /// <summary>Boltzmann constant [eV/K].</summary>
    public const double BoltzmannEv = 8.617333262e-5;
}

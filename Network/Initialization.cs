namespace FromScratch;

/// <summary>How a new network's weights start. Biases always start at zero.</summary>
public enum Initialization
{
    /// <summary>Uniform in [−1, 1], the default. Random weights break the symmetry between hidden units.</summary>
    Uniform,

    /// <summary>All zeros. Kept on purpose to show the symmetry problem: every hidden unit stays identical, whatever the training.</summary>
    Zeros,

    /// <summary>Xavier/Glorot uniform in ±√(6 / (in + out)): keeps activations in a useful range for deeper or wider nets.</summary>
    Xavier,

    /// <summary>
    /// He (Kaiming) normal, N(0, 2 / in): standard deviation √(2 / in). Meant for ReLU, which zeroes about half of its
    /// inputs; the 2 makes up for that, so each layer's activations keep their size in a deep ReLU network.
    /// </summary>
    He,
}

using System.Reflection;

namespace FromScratch.Tests;

// Every public method of the library, called with null for one reference argument at a time (the others
// valid), either works or refuses it with an ArgumentException naming the operation, never a
// NullReferenceException from deep inside. The methods are found by reflection, so new ones are covered
// without a new test; one whose types have no sample value here fails until Sample gets one (none is
// skipped). Results the library hands out (reports, histories) and exceptions are left out. Reflection
// cannot pass a span, so the methods that take one are called directly, in their own test.
public class NullArgumentTests
{
    private static readonly Assembly[] Library = [typeof(Matrix).Assembly, typeof(Network).Assembly];

    private static readonly Type[] Results = [typeof(ParameterCheck), typeof(GradientCheckReport), typeof(GradientCheckProgress), typeof(EpochReport), typeof(TrainingHistory)];

    private static Matrix TwoByTwo => Matrix.FromRows([0.5, -0.25], [0.75, 1]);

    // A valid value for each parameter type the public API uses; null when a type has no sample here.
    private static object? Sample(Type type) => type switch
    {
        _ when type == typeof(Matrix) => Matrix.FromRows([0.5, -0.25], [0.75, 1]),
        _ when type == typeof(Matrix.Transposed) => Matrix.FromRows([0.5, -0.25], [0.75, 1]).T,
        _ when type == typeof(Network) => new Network([2, 2, 2], seed: 1),
        _ when type == typeof(Gradients) => Gradients.ZerosFor(new Network([2, 2, 2], seed: 1)),
        _ when type == typeof(ForwardPass) => new Network([2, 2, 2], seed: 1).Forward(Matrix.FromRows([0.5, -0.25], [0.75, 1])),
        _ when type == typeof(TrainingOptions) => new TrainingOptions { Epochs = 1 },
        _ when type == typeof(GradientCheckOptions) => new GradientCheckOptions(),
        _ when type == typeof(UpdateRule) || type == typeof(GradientDescent) => new GradientDescent(0.1),
        _ when type == typeof(NesterovMomentum) => new NesterovMomentum(0.1),
        _ when type == typeof(AdaGrad) => new AdaGrad(),
        _ when type == typeof(RmsProp) => new RmsProp(),
        _ when type == typeof(Adam) => new Adam(),
        _ when type == typeof(LearningRateSchedule) => LearningRateSchedule.Exponential(0.5),
        _ when type == typeof(Func<double, int, double>) => (Func<double, int, double>)((rate, epoch) => rate),
        _ when type == typeof(Inputs) => Inputs.Of(TwoByTwo),
        _ when type == typeof(StepReport) => new StepReport(1, (ForwardPass)Sample(typeof(ForwardPass))!, TwoByTwo, (Gradients)Sample(typeof(Gradients))!),
        _ when type == typeof(FeatureScaling) => FeatureScaling.Standardize(TwoByTwo),
        _ when type == typeof(OperationLog) => Stopped(OperationLog.Start()), // stopped at once: it must not record the other tests
        _ when type == typeof(Func<Matrix, Matrix, Matrix, double>) => (Func<Matrix, Matrix, Matrix, double>)((z, a, y) => 0),
        _ when type == typeof(Func<double, double, double>) => (Func<double, double, double>)((a, y) => a - y),
        _ when type == typeof(IReadOnlyList<double>) => new[] { 1.0, 2.0 },
        _ when type == typeof(Loss) => Loss.CrossEntropy,
        _ when type == typeof(Activation) => Activation.Sigmoid,
        _ when type == typeof(OutputActivation) => OutputActivation.Sigmoid,
        _ when type == typeof(Random) => new Random(1),
        _ when type == typeof(Stream) => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(new Network([2, 2, 2], seed: 1).ToJson())),
        _ when type == typeof(string) => "sigmoid",
        _ when type == typeof(int) => 2,
        _ when type == typeof(double) => 0.5,
        _ when type == typeof(bool) => false,
        _ when type == typeof(IReadOnlyList<int>) || type == typeof(int[]) => new[] { 2, 2, 2 },
        _ when type == typeof(IReadOnlyList<Matrix>) => new[] { Matrix.FromRows([0.5, -0.25], [0.75, 1]) },
        _ when type == typeof(double[][]) => new[] { new[] { 1.0, 2.0 } },
        _ when type == typeof(double[]) => new[] { 1.0, 2.0 },
        _ when type == typeof(double[,]) => new double[,] { { 1, 2 } },
        _ when type == typeof(Func<double, double>) => (Func<double, double>)(v => v),
        _ when type == typeof(Func<Matrix, Matrix, Matrix>) => (Func<Matrix, Matrix, Matrix>)((a, y) => a - y),
        _ => null,
    };

    private static OperationLog Stopped(OperationLog log)
    {
        log.Dispose();
        return log;
    }

    // Reflection cannot box a span (ReadOnlySpan<int>), so methods that take one are called in SpanTakingMethodsRefuseNull.
    private static bool TakesASpan(MethodBase method) => method.GetParameters().Any(p => p.ParameterType.IsByRefLike);

    private static IEnumerable<TestCaseData> Calls()
    {
        foreach (var type in Library.SelectMany(a => a.GetExportedTypes()).Where(t => !typeof(Exception).IsAssignableFrom(t) && !Results.Contains(t)))
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                         .Cast<MethodBase>().Concat(type.GetConstructors()))
            {
                if (method.IsSpecialName && method.Name.StartsWith("get_", StringComparison.Ordinal) || method.ContainsGenericParameters
                    || method.Name is "Deconstruct" or "Equals" || method.Name.StartsWith('<') || TakesASpan(method))
                    continue;
                var parameters = method.GetParameters();
                for (int i = 0; i < parameters.Length; i++)
                {
                    Type parameterType = parameters[i].ParameterType;
                    bool nullable = !parameterType.IsValueType && new NullabilityInfoContext().Create(parameters[i]).WriteState != NullabilityState.Nullable;
                    if (nullable)
                        yield return new TestCaseData(method, i).SetName($"{type.Name}.{method.Name}({string.Join(", ", parameters.Select(p => p.Name))}) with {parameters[i].Name} = null");
                }
            }
    }

    [TestCaseSource(nameof(Calls))]
    public void ANullArgumentIsRefusedByName(MethodBase method, int nullIndex)
    {
        var parameters = method.GetParameters();
        object?[] arguments = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i == nullIndex)
                continue;
            arguments[i] = parameters[i].HasDefaultValue ? parameters[i].DefaultValue : Sample(parameters[i].ParameterType);
            if (arguments[i] is null && !parameters[i].HasDefaultValue)
                Assert.Fail($"no sample value for {parameters[i].ParameterType}: add one to NullArgumentTests.Sample");
        }
        object? target = method.IsStatic || method.IsConstructor ? null : Sample(method.DeclaringType!);
        if (!method.IsStatic && !method.IsConstructor && target is null)
            Assert.Fail($"no sample {method.DeclaringType}: add one to NullArgumentTests.Sample");

        try
        {
            if (method is ConstructorInfo constructor)
                constructor.Invoke(arguments);
            else
                method.Invoke(target, arguments);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            Assert.That(wrapped.InnerException, Is.InstanceOf<ArgumentException>().Or.InstanceOf<NetworkFileException>(),
                $"{wrapped.InnerException.GetType().Name}: {wrapped.InnerException.Message}");
        }
    }
}

public class SpanArgumentTests
{
    [Test]
    public void SpanTakingMethodsRefuseNull()
    {
        var x = Matrix.FromRows([0.5, -0.25], [0.75, 1]);
        int[] one = [0];
        Assert.That(() => x.CopyRowsIntoColumns(one, null!), Throws.ArgumentNullException.With.Message.Contains("destination"));
        Assert.That(() => x.CopyColumnsInto(one, null!), Throws.ArgumentNullException.With.Message.Contains("destination"));
        Assert.That(() => Inputs.Of(x).CopyColumns(one, null!), Throws.ArgumentNullException);
        Assert.That(() => Inputs.FromRows(x).CopyColumns(one, null!), Throws.ArgumentNullException);
        Assert.That(() => Matrix.OfBytes(null!, 1, one, new double[256]), Throws.ArgumentNullException.With.Message.Contains("bytes"));
        Assert.That(() => Matrix.OfBytes([1], 1, one, null!), Throws.ArgumentNullException.With.Message.Contains("valueOf"));
        Assert.That(Inputs.Of(x).ReadInPlace(one, into: null), Is.Null, "into may be null; a matrix is copied, not read in place");
        // These are all the public methods that take a span and a reference argument: a new one is to be added above.
        string[] methods = [.. new[] { typeof(Matrix).Assembly, typeof(Network).Assembly }.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType.IsByRefLike) && m.GetParameters().Any(p => !p.ParameterType.IsValueType))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").Order()];
        Assert.That(methods, Is.EqualTo(new[] { "Inputs.CopyColumns", "Inputs.ReadInPlace", "Matrix.CopyColumnsInto", "Matrix.CopyRowsIntoColumns", "Matrix.OfBytes" }));
    }
}

public class HollowArgumentTests
{
    [Test]
    public void GradientsWithMissingMatricesAreRefusedWhenMade()
    {
        var w = Matrix.Zeros(2, 2);
        Assert.That(() => new Gradients(null!, [w]), Throws.InstanceOf<ArgumentNullException>().With.Message.Contains("Weights"));
        Assert.That(() => new Gradients([w], null!), Throws.InstanceOf<ArgumentNullException>().With.Message.Contains("Biases"));
        Assert.That(() => new Gradients([w, null!], [w, w]), Throws.ArgumentException.With.Message.StartsWith("Gradients: Weights[1] is null"));
        var made = new Gradients([w], [w]);
        Assert.That(() => made with { Biases = [null!] }, Throws.ArgumentException.With.Message.StartsWith("Gradients: Biases[0] is null"));
    }
}

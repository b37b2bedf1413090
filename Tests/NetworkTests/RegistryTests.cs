using System.Reflection;

namespace FromScratch.Tests;

/// <summary>
/// <see cref="Activation.All"/> and <see cref="Loss.All"/>, the lists a student extends (README exercises 1, 2 and 6):
/// every activation or loss declared as a field is in its list, wherever the field stands, and a null entry is
/// refused with a message that says how it came about.
/// </summary>
public class RegistryTests
{
    private static string[] FieldsNotInTheList<T>(IReadOnlyList<T> all) =>
        [.. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(T) && !all.Contains((T)f.GetValue(null)!))
            .Select(f => f.Name)];

    [Test]
    public void EveryActivationFieldIsInAll() =>
        Assert.That(FieldsNotInTheList(Activation.All), Is.Empty, "declared in Activation but missing from the list in Activation.All");

    [Test]
    public void EveryLossFieldIsInAll() =>
        Assert.That(FieldsNotInTheList(Loss.All), Is.Empty, "declared in Loss but missing from the list in Loss.All");

    [Test]
    public void AllHasNoNullEntryAndIsBuiltOnce()
    {
        Assert.That(Activation.All, Is.All.Not.Null);
        Assert.That(Loss.All, Is.All.Not.Null);
        var (activations, losses) = (Activation.All, Loss.All);
        Assert.That(Activation.All, Is.SameAs(activations), "built once, not on every read");
        Assert.That(Loss.All, Is.SameAs(losses));
    }

    [Test]
    public void ANullEntryIsRefusedWithAMessageThatSaysWhy()
    {
        var activation = Assert.Throws<InvalidOperationException>(() => Activation.Registered(Activation.Sigmoid, null!, Activation.Relu));
        Assert.That(activation!.Message, Does.StartWith("Activation.All holds null at position 1 (counting from 0): All was read while Activation's static fields were still being set"));
        var loss = Assert.Throws<InvalidOperationException>(() => Loss.Registered(null!, Loss.CrossEntropy));
        Assert.That(loss!.Message, Does.StartWith("Loss.All holds null at position 0 (counting from 0): All was read while Loss's static fields were still being set"));
    }
}

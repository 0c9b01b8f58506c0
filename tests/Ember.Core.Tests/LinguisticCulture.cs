using System.Globalization;
using System.Runtime.CompilerServices;

namespace Ember.Tests;

/// <summary>
/// Pins every thread of the test run (workers included) to the invariant culture with its linguistic comparison
/// ("a" before "B"), whatever the machine's locale: results do not depend on where tests run, and code that sorts
/// by the culture instead of Java's ordinal order is caught.
/// </summary>
internal static class LinguisticCulture
{
    [ModuleInitializer]
    internal static void Pin()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }
}

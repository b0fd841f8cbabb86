using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

public sealed class IpInfoInternerTests
{
    [Fact]
    public void Equal_answers_come_back_as_the_first_instance_and_a_full_interner_starts_over()
    {
        var interner = new IpInfoInterner(capacity: 2);
        var paris = new IpInfo(null, "Paris", "IDF", "FR", "48.8566,2.3522", "75001", "Europe/Paris");

        Assert.Same(paris, interner.Intern(paris));
        Assert.Same(paris, interner.Intern(paris with { }));
        var lyon = paris with { City = "Lyon" };
        Assert.Same(lyon, interner.Intern(lyon));

        // Full: the next new answer starts a fresh table, so an old one is handed out as a new instance again.
        var nice = paris with { City = "Nice" };
        Assert.Same(nice, interner.Intern(nice));
        var parisAgain = paris with { };
        Assert.Same(parisAgain, interner.Intern(parisAgain));
    }
}

using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class PlaceAnswersTests
{
    private static readonly PlaceFields Paris = new("Paris", "Île-de-France", "FR", 48.8566f, 2.3522f, "75001", "Europe/Paris");

    [Fact]
    public void Equal_places_share_the_first_answer_and_a_full_table_starts_over()
    {
        var answers = new PlaceAnswers(capacity: 2);

        var first = answers.AnswerFor(Paris);
        Assert.Equal(new IpInfo(null, "Paris", "Île-de-France", "FR", "48.8566,2.3522", "75001", "Europe/Paris"), first);
        // Equal fields in new objects, as every decode makes them, still get the first answer.
        Assert.Same(first, answers.AnswerFor(Paris with { City = new string("Paris".AsSpan()), Latitude = 48.8566f }));
        Assert.NotSame(first, answers.AnswerFor(Paris with { City = "Lyon" }));

        // Full: the next new place starts a fresh table, so Paris is built again.
        answers.AnswerFor(Paris with { City = "Nice" });
        var again = answers.AnswerFor(Paris);
        Assert.NotSame(first, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_place_with_none_of_the_fields_has_no_answer()
    {
        var answers = new PlaceAnswers(capacity: 10);

        Assert.Null(answers.AnswerFor(new PlaceFields("", null, "", null, null, "", null)));
    }
}

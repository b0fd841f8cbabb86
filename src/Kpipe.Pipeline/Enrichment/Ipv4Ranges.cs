namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The flattened IPv4 space of a set of <c>.mmdb</c> files: ascending range starts (the first is 0), each range's slot,
/// and per slot one address in it (which the trees are asked about the first time the slot is looked up).
/// </summary>
internal sealed record Ipv4Ranges(uint[] Starts, int[] Slots, uint[] SlotAddresses)
{
    /// <summary>Whether the arrays fit together: starts strictly ascending from 0, every slot in range and used.</summary>
    public bool IsConsistent()
    {
        if (Starts.Length == 0 || Starts.Length != Slots.Length || Starts[0] != 0 || SlotAddresses.Length == 0)
        {
            return false;
        }
        var used = new bool[SlotAddresses.Length];
        for (var i = 0; i < Starts.Length; i++)
        {
            if ((i > 0 && Starts[i] <= Starts[i - 1]) || (uint)Slots[i] >= (uint)SlotAddresses.Length)
            {
                return false;
            }
            used[Slots[i]] = true;
        }
        return Array.TrueForAll(used, u => u);
    }
}

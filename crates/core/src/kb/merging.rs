//! When the segments of a large write are merged: each document once.
//!
//! tantivy's default [`LogMergePolicy`](tantivy::merge_policy::LogMergePolicy) merges eight
//! segments of a size into one of the next size, level after level: building 100,000 articles,
//! most paragraphs were merged twice, and the last merges held most of the index's postings
//! mapped at once. A large write instead gathers the segments the writer flushes into groups
//! of [`MergeSchedule::group_docs`] documents and merges each group once, while the writer goes
//! on; what the groups left is merged after the commit ([`MergeSchedule::leftover_merges`]):
//! into one segment, or, when it is large, into one per core at once, so that the build does
//! not end on one core with the others idle. The index comes out in a few large segments, as
//! queries need.

use std::collections::HashSet;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSchedule {
    /// From this many articles on, a write is large: merged once, in groups.
    pub large_write: usize,
    /// How many documents a group gathers.
    pub group_docs: u32,
}

impl Default for MergeSchedule {
    /// Groups large enough that a query looks into a few segments (three at 100,000
    /// articles), small enough that the segments a merge reads (memory-mapped, so counted in
    /// the process's memory) stay well within the build's memory budget.
    fn default() -> Self {
        Self {
            large_write: 5_000,
            group_docs: 200_000,
        }
    }
}

impl MergeSchedule {
    pub fn is_large(&self, articles: usize) -> bool {
        articles >= self.large_write
    }

    /// The merge policy of a large write, while it writes.
    pub fn policy(&self) -> MergeOnce {
        MergeOnce {
            group_docs: self.group_docs,
        }
    }

    /// The segments of a large write that its groups left, each smaller than a group: to
    /// merge into one. `before`: the segments the index had before the write.
    pub fn leftovers<'s>(
        &self,
        segments: &'s [SegmentMeta],
        before: &HashSet<SegmentId>,
    ) -> Vec<&'s SegmentMeta> {
        segments
            .iter()
            .filter(|s| !before.contains(&s.id()) && s.max_doc() < self.group_docs)
            .collect()
    }

    /// The merges that gather [`MergeSchedule::leftovers`], to run at once: one, or, from half
    /// a group of documents on, up to `parts` of about equal size (the last merge of a
    /// 100,000-article build took seconds on one core while the others waited). Each holds
    /// two segments or more.
    pub fn leftover_merges(
        &self,
        segments: &[SegmentMeta],
        before: &HashSet<SegmentId>,
        parts: usize,
    ) -> Vec<Vec<SegmentId>> {
        let left = self.leftovers(segments, before);
        let docs: u64 = left.iter().map(|s| u64::from(s.max_doc())).sum();
        let parts = if docs * 2 >= u64::from(self.group_docs) {
            parts.max(1) as u64
        } else {
            1
        };
        let mut merges: Vec<Vec<SegmentId>> = Vec::new();
        let mut current = Vec::new();
        let mut gathered = 0u64;
        for segment in left {
            // The current part is full once the documents so far reach its share of the whole.
            let part = merges.len() as u64 + 1;
            if part < parts && !current.is_empty() && gathered * parts >= docs * part {
                merges.push(std::mem::take(&mut current));
            }
            gathered += u64::from(segment.max_doc());
            current.push(segment.id());
        }
        merges.push(current);
        merges.retain(|merge| merge.len() > 1);
        merges
    }
}

/// Merges the segments smaller than `group_docs` in groups of at least `group_docs`
/// documents; never a segment already that large.
#[derive(Debug, Clone)]
pub struct MergeOnce {
    group_docs: u32,
}

impl MergePolicy for MergeOnce {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut candidates = Vec::new();
        let mut group = Vec::new();
        let mut docs = 0u32;
        for segment in segments.iter().filter(|s| s.max_doc() < self.group_docs) {
            group.push(segment.id());
            docs = docs.saturating_add(segment.num_docs());
            if docs >= self.group_docs {
                candidates.push(MergeCandidate(std::mem::take(&mut group)));
                docs = 0;
            }
        }
        candidates
    }
}

#[cfg(test)]
mod tests {
    use tantivy::Index;
    use tantivy::schema::Schema;

    use super::*;

    fn segments(index: &Index, sizes: &[u32]) -> Vec<SegmentMeta> {
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn docs_of(candidate: &MergeCandidate, segments: &[SegmentMeta]) -> Vec<u32> {
        candidate
            .0
            .iter()
            .filter_map(|id| segments.iter().find(|s| s.id() == *id))
            .map(SegmentMeta::max_doc)
            .collect()
    }

    /// An index to make segment metas in, and groups of 100 documents.
    fn groups_of_100() -> (Index, MergeSchedule) {
        let index = Index::create_in_ram(Schema::builder().build());
        let schedule = MergeSchedule {
            large_write: 1,
            group_docs: 100,
        };
        (index, schedule)
    }

    #[test]
    fn small_segments_are_merged_in_groups_of_at_least_the_group_size_and_large_ones_never() {
        let (index, schedule) = groups_of_100();
        let all = segments(&index, &[40, 250, 40, 30, 100, 60, 20]);
        let candidates = schedule.policy().compute_merge_candidates(&all);
        let groups: Vec<Vec<u32>> = candidates.iter().map(|c| docs_of(c, &all)).collect();
        // 250 and 100 are merged already; 60 and 20 wait for more.
        assert_eq!(groups, [vec![40, 40, 30]]);
        let none = segments(&index, &[10, 20, 300]);
        assert!(schedule.policy().compute_merge_candidates(&none).is_empty());
    }

    #[test]
    fn the_leftovers_are_the_small_segments_the_write_made() {
        let (index, schedule) = groups_of_100();
        let old = segments(&index, &[30, 500]);
        let before: HashSet<SegmentId> = old.iter().map(SegmentMeta::id).collect();
        let new = segments(&index, &[300, 20, 50]);
        let all: Vec<SegmentMeta> = old.iter().chain(&new).cloned().collect();
        let left: Vec<SegmentId> = schedule
            .leftovers(&all, &before)
            .into_iter()
            .map(SegmentMeta::id)
            .collect();
        assert_eq!(left, [new[1].id(), new[2].id()]);
        assert_eq!(
            schedule.leftover_merges(&all, &before, 2),
            [vec![new[1].id(), new[2].id()]],
            "20 and 50 documents are more than half a group, but two merges of one segment \
             each would merge nothing"
        );
    }

    #[test]
    fn large_leftovers_are_merged_in_parts_of_about_equal_size_and_small_ones_in_one() {
        let (index, schedule) = groups_of_100();
        let docs = |merges: &[Vec<SegmentId>], all: &[SegmentMeta]| -> Vec<Vec<u32>> {
            merges
                .iter()
                .map(|m| docs_of(&MergeCandidate(m.clone()), all))
                .collect()
        };
        let none = HashSet::new();

        let large = segments(&index, &[20, 20, 20, 20, 20, 20, 10, 10]);
        let two = schedule.leftover_merges(&large, &none, 2);
        // 140 documents: a part closes once the documents so far reach its share.
        assert_eq!(
            docs(&two, &large),
            [vec![20, 20, 20, 20], vec![20, 20, 10, 10]]
        );
        let three = schedule.leftover_merges(&large, &none, 3);
        assert_eq!(
            docs(&three, &large),
            [vec![20, 20, 20], vec![20, 20], vec![20, 10, 10]]
        );
        // A part of one segment is no merge.
        let uneven = segments(&index, &[90, 5, 5]);
        assert_eq!(
            docs(&schedule.leftover_merges(&uneven, &none, 2), &uneven),
            [vec![5, 5]]
        );
        assert_eq!(
            docs(&schedule.leftover_merges(&large, &none, 1), &large),
            [vec![20, 20, 20, 20, 20, 20, 10, 10]]
        );

        // Under half a group: one merge, whatever the cores.
        let small = segments(&index, &[10, 10, 10, 10]);
        assert_eq!(
            docs(&schedule.leftover_merges(&small, &none, 4), &small),
            [vec![10, 10, 10, 10]]
        );
        assert!(schedule.leftover_merges(&small[..1], &none, 2).is_empty());
    }
}

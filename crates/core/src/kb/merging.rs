//! When the segments of a large write are merged: each document once.
//!
//! tantivy's default [`LogMergePolicy`](tantivy::merge_policy::LogMergePolicy) merges eight
//! segments of a size into one of the next size, level after level: building 100,000 articles,
//! most paragraphs were merged twice, and the last merges held most of the index's postings
//! mapped at once. A large write instead gathers the segments the writer flushes into groups
//! of [`MergeSchedule::group_docs`] documents and merges each group once, while the writer goes
//! on; what the groups left is merged into one segment after the commit
//! ([`MergeSchedule::leftovers`]). The index comes out in a few large segments, as queries
//! need.

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
    pub fn leftovers(
        &self,
        segments: &[SegmentMeta],
        before: &HashSet<SegmentId>,
    ) -> Vec<SegmentId> {
        segments
            .iter()
            .filter(|s| !before.contains(&s.id()) && s.max_doc() < self.group_docs)
            .map(SegmentMeta::id)
            .collect()
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
        let left = schedule.leftovers(&all, &before);
        assert_eq!(left, [new[1].id(), new[2].id()]);
    }
}

import type { followupUi as zhFollowupUi } from './followup.zh-CN.ts'

/** Issue 13 follow-through: honest inspections, speakers' live state. */
export const followupUi: typeof zhFollowupUi = {
  'housing.inspect.progress': '{done} of {total} items checked: mark each one pass or fail',
  'housing.inspect.itemPhotos': 'Photos',
  'housing.inspect.itemPhotosRequired': 'Photos (required)',
  'broadcast.speakers': 'Speakers',
  'broadcast.state.online': 'Online',
  'broadcast.state.played': 'Played',
  'broadcast.state.offline': 'Offline',
  'broadcast.state.waiting': 'Waiting',
  'broadcast.lastSeen': 'Last heard {time}',
  'broadcast.neverSeen': 'Never heard from',
  'broadcast.live': 'Live',
}

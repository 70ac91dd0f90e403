/** Issue 13 follow-through: honest inspections, speakers' live state. */
export const followupUi = {
  'housing.inspect.progress': '已核查 {done}/{total} 项，每项须选择合格或不合格',
  'housing.inspect.itemPhotos': '现场照片',
  'housing.inspect.itemPhotosRequired': '现场照片（必传）',
  'broadcast.speakers': '喇叭状态',
  'broadcast.state.online': '在线',
  'broadcast.state.played': '已播放',
  'broadcast.state.offline': '离线',
  'broadcast.state.waiting': '待播放',
  'broadcast.lastSeen': '最后联系 {time}',
  'broadcast.neverSeen': '从未联系',
  'broadcast.live': '实时',
}

-- One route per channel, URL and audience: a double-submitted form must not make every
-- notification go out twice. (An expression index, so written by hand: NULL audiences compare equal.)
CREATE UNIQUE INDEX `notification_routes_target_idx` ON `notification_routes` (`channel`, `url`, ifnull(`user_id`, ''), ifnull(`region_id`, ''));

import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { ClusterPresenter } from './cluster.presenter';
import { ClusterProvisioner } from './cluster-provisioner';
import { ClustersController } from './clusters.controller';
import { CreateCluster, DeleteCluster, GetCluster, ListClusters, UpdateCluster } from './usecases/clusters.usecases';

@Module({
  imports: [OrgModule],
  controllers: [ClustersController],
  providers: [
    ClusterPresenter,
    ClusterProvisioner,
    GetCluster,
    ListClusters,
    CreateCluster,
    UpdateCluster,
    DeleteCluster,
  ],
  exports: [GetCluster, ClusterPresenter],
})
export class CmkModule {}
